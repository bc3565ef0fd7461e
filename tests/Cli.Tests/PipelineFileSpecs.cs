using System.Globalization;
using System.Text.RegularExpressions;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// Pipeline files through the real executable: <c>config show</c> writes every parameter, <c>run --config</c> reads it
/// back and gives the tables of the same flags, flags override the file, bad files stop before any job with the file,
/// line and key, a changed value is a changed job, and what <c>config show</c> writes reads back to itself.
/// </summary>
public sealed class PipelineFileSpecs
{
    private static string Synth(TempDir tmp, int frames = 3) =>
        SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: frames, Height: 128, Width: 128, InitialCells: 8, Seed: 19)).DatasetPath;

    private static CliProcess.Result Cli(params string[] args)
    {
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    /// <summary>Runs <c>config show</c> with <paramref name="flags"/> and writes what it printed to <paramref name="file"/>.</summary>
    private static string Show(string file, params string[] flags)
    {
        File.WriteAllText(file, Cli(["config", "show", .. flags]).Stdout);
        return file;
    }

    private static string Run(string source, string outDir, params string[] flags)
    {
        Cli(["run", source, "--out", outDir, "--detectors", "1", "--quiet", .. flags]);
        return ResultsDb.Dump(outDir);
    }

    /// <summary>The median object area of a results folder: a min-area that drops about half the objects.</summary>
    private static int MedianArea(string outDir)
    {
        var areas = ResultsDb.Rows(outDir, "SELECT area FROM objects ORDER BY area").Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.True(areas.Count > 4, $"only {areas.Count} objects");
        return areas[areas.Count / 2];
    }

    private static string SetValue(string yaml, string key, string value)
    {
        var changed = Regex.Replace(yaml, $"(?m)^(\\s*{Regex.Escape(key)}:) .*$", $"$1 {value}");
        Assert.NotEqual(yaml, changed);
        return changed;
    }

    [Fact]
    public void Config_show_then_run_with_the_file_gives_the_tables_of_the_same_flags_and_flags_override_the_file()
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp);
        var untuned = Run(source, tmp.Sub("untuned"), "--segmenter", "default");
        var minArea = MedianArea(tmp.Sub("untuned")).ToString(CultureInfo.InvariantCulture);
        string[] flags = ["--segmenter", "default", "--min-area", minArea, "--denoise", "gaussian:1.5"];

        var byFlags = Run(source, tmp.Sub("flags"), flags);
        Assert.NotEqual(untuned, byFlags);   // the tuned parameter changed the tables

        var file = Show(tmp.Sub("pipeline.yaml"), flags);
        var yaml = File.ReadAllText(file);
        Assert.Contains($"  min_area: {minArea}\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  method: gaussian\n", yaml, StringComparison.Ordinal);
        Assert.Equal(byFlags, Run(source, tmp.Sub("file"), "--config", file));

        // The file says otherwise; the flags given with it win.
        File.WriteAllText(file, SetValue(SetValue(yaml, "min_area", "5"), "sigma", "3"));
        Assert.Equal(byFlags, Run(source, tmp.Sub("override"), "--config", file, "--min-area", minArea, "--denoise", "gaussian:1.5"));
    }

    [Fact]
    public void A_classical_parameter_that_has_no_flag_is_applied_from_the_file()
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp, frames: 2);
        Run(source, tmp.Sub("all"), "--segmenter", "default");
        var maxArea = MedianArea(tmp.Sub("all"));
        var file = Show(tmp.Sub("pipeline.yaml"), "--segmenter", "default");
        File.WriteAllText(file, SetValue(File.ReadAllText(file), "max_area", maxArea.ToString(CultureInfo.InvariantCulture)));
        Run(source, tmp.Sub("small"), "--config", file);

        var all = ResultsDb.Scalar(tmp.Sub("all"), "SELECT COUNT(*) FROM objects");
        var small = ResultsDb.Scalar(tmp.Sub("small"), "SELECT COUNT(*) FROM objects");
        Assert.InRange(small, 1, all - 1);
        Assert.True(ResultsDb.Scalar(tmp.Sub("small"), "SELECT MAX(area) FROM objects") <= maxArea);
    }

    [Fact]
    public void A_model_s_threshold_and_tiling_from_the_file_equal_the_flags()
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp, frames: 2);
        var model = OnnxTestModels.Write(tmp.Sub("model"));
        var segmenter = "onnx:" + model;
        var untuned = Run(source, tmp.Sub("untuned"), "--segmenter", segmenter);
        var byFlags = Run(source, tmp.Sub("flags"), "--segmenter", segmenter, "--threshold", "0.9", "--min-area", "40");
        Assert.NotEqual(untuned, byFlags);

        var file = Show(tmp.Sub("pipeline.yaml"), "--segmenter", segmenter);
        var yaml = File.ReadAllText(file);
        Assert.Contains("    foreground_threshold: 0.5\n", yaml, StringComparison.Ordinal);   // the description's values
        Assert.Contains("    tile: 64\n", yaml, StringComparison.Ordinal);
        yaml = SetValue(SetValue(yaml, "foreground_threshold", "0.9"), "    min_area", "40");
        File.WriteAllText(file, SetValue(yaml, "tile", "32"));   // tiling with enough overlap does not change the result
        Assert.Equal(byFlags, Run(source, tmp.Sub("file"), "--config", file));
    }

    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        // what is changed (a key's line, replaced), the new line, the key reported, a word of the problem
        { "  min_area: 30", "  min_aera: 30", "segmentation.min_aera", "unknown key" },
        { "  min_area: 30", "  min_area: thirty", "segmentation.min_area", "not an integer" },
        { "  min_area: 30", "  min_area: -4", "segmentation.min_area", "not an integer >= 0" },
        { "  fill_holes: true", "  fill_holes: maybe", "segmentation.fill_holes", "not true or false" },
        { "  method: otsu", "  method: [otsu, local]", "segmentation.method", "not a list" },
        { "  max_gap: 2", "  max_gap: 1.5", "tracking.max_gap", "not an integer" },
        { "  pixel_size: null", "  pixel_size: 0", "measurement.pixel_size", "not a number > 0" },
        { "  tta: none", "  tta: flips", "model.tta", "needs a model segmenter" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_key_or_value_stops_before_the_job_with_the_file_the_line_and_the_key(string line, string replacement, string key, string problem)
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp, frames: 1);
        var file = Show(tmp.Sub("pipeline.yaml"), "--segmenter", "default");
        var lines = File.ReadAllLines(file).ToList();
        var at = lines.FindIndex(l => l == line);
        Assert.True(at >= 0, $"no line '{line}'");
        lines[at] = replacement;
        File.WriteAllLines(file, lines);

        var outDir = tmp.Sub("results");
        var r = CliProcess.Run("run", source, "--out", outDir, "--config", file, "--quiet");
        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {file}:{at + 1}: {key}: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "cellactors.db")), "a job was started");
        Assert.False(File.Exists(Path.Combine(outDir, "journal.db")), "a job was started");
    }

    [Fact]
    public void Malformed_yaml_stops_before_the_job_with_the_file_and_the_line()
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp, frames: 1);
        var file = tmp.Sub("pipeline.yaml");
        File.WriteAllText(file, "denoise:\n  method: median\n segmentation:\n  min_area: 30\n");
        var outDir = tmp.Sub("results");
        var r = CliProcess.Run("run", source, "--out", outDir, "--config", file, "--quiet");
        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($"^error: {Regex.Escape(file)}:3: not valid YAML: ", error);
        Assert.False(File.Exists(Path.Combine(outDir, "cellactors.db")), "a job was started");
    }

    [Fact]
    public void A_changed_value_in_the_file_is_a_changed_job_that_is_refused_on_resume()
    {
        using var tmp = new TempDir("pipeline");
        var source = Synth(tmp, frames: 2);
        var file = Show(tmp.Sub("pipeline.yaml"), "--segmenter", "default");
        var outDir = tmp.Sub("results");
        Run(source, outDir, "--config", file);

        // The same file again: the same job, resumed (nothing to do).
        Assert.Contains("done: 2 frames", Cli("run", source, "--out", outDir, "--config", file, "--quiet").Stdout, StringComparison.Ordinal);

        File.WriteAllText(file, SetValue(File.ReadAllText(file), "min_peak_distance", "5"));
        var changed = CliProcess.Run("run", source, "--out", outDir, "--config", file, "--quiet");
        Assert.Equal(3, changed.ExitCode);
        Assert.Contains("already exists with another configuration", changed.Stderr, StringComparison.Ordinal);
        Assert.Contains("min_peak_distance=5", changed.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("msc")]
    [InlineData("auto")]
    public void What_config_show_writes_reads_back_to_itself(string segmenter)
    {
        using var tmp = new TempDir("pipeline");
        var first = Show(tmp.Sub("first.yaml"), "--segmenter", segmenter, "--max-gap", "4", "--channel", "GFP nuclei", "--pixel-size", "0.65");
        var second = Show(tmp.Sub("second.yaml"), "--config", first);
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));

        // Edited values survive the round trip too.
        var yaml = File.ReadAllText(first);
        yaml = segmenter == "auto" ? SetValue(yaml, "foreground_threshold", "0.35") : SetValue(yaml, "correction_factor", "1.25");
        File.WriteAllText(first, yaml);
        Assert.Equal(yaml, File.ReadAllText(Show(tmp.Sub("third.yaml"), "--config", first)));
    }
}
