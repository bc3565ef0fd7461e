using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary><c>cellactors run --segmenter onnx:PATH | unet</c> and <c>--gpus</c> as a user runs them.</summary>
public sealed class OnnxRunSpecs
{
    private const string BioImageIo = "weights/bioimageio-unet2d-nuclei-broad/example_descriptions/models/unet2d_nuclei_broad";

    private static SynthSummary Generate(string dir, int frames) =>
        SyntheticTimeLapse.Generate(dir, new SynthOptions(Frames: frames, Height: 256, Width: 256, InitialCells: 14, Seed: 3));

    private static string? Shared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Skipped, with the reason, without the shared bioimage.io model.</summary>
    private sealed class SharedModelFactAttribute : FactAttribute
    {
        public SharedModelFactAttribute()
        {
            if (Shared(BioImageIo) is null) Skip = $"shared model '{BioImageIo}' not found beside the repository (../shared)";
        }
    }

    [SharedModelFact]
    public void Run_with_the_bioimageio_model_writes_objects_and_shows_the_detectors_provider()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 3);
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", synth.DatasetPath, "--out", results, "--segmenter", "onnx:" + Shared(BioImageIo), "--detectors", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("detectors: cpu (onnx:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("done: 3 frames", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.InRange(ResultsDb.Scalar(results, "SELECT MIN(cell_count) FROM frames"), 7, 30); // 14 nuclei, some touching
        Assert.Contains("model-sha256=", (string)ResultsDb.Rows(results, "SELECT fingerprint FROM jobs").Single()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_model_file_is_a_changed_configuration()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 2);
        var model = OnnxTestModels.Write(tmp.Sub("model"));
        var results = tmp.Sub("results");
        var first = CliProcess.Run("run", synth.DatasetPath, "--out", results, "--segmenter", "onnx:" + model, "--detectors", "2", "-q");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects") > 0);
        OnnxTestModels.Write(model, kernel: 3);
        var second = CliProcess.Run("run", synth.DatasetPath, "--out", results, "--segmenter", "onnx:" + model, "-q");
        Assert.True(second.ExitCode == 3, second.ToString());
        Assert.Contains("another configuration", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_models_and_gpus_on_a_cpu_build_fail_before_the_job_starts()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 1);
        var empty = Directory.CreateDirectory(tmp.Sub("empty")).FullName;
        var bad = CliProcess.Run("run", synth.DatasetPath, "--out", tmp.Sub("r1"), "--segmenter", "onnx:" + empty);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"error: {empty}: no model description in this folder", bad.Stderr, StringComparison.Ordinal);

        var gpu = CliProcess.Run("run", synth.DatasetPath, "--out", tmp.Sub("r2"), "--gpus", "0");
        Assert.Equal(2, gpu.ExitCode);
        Assert.Contains("-p:OnnxGpu=true", gpu.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(tmp.Sub("r2"), "cellactors.db")));
    }

    [Fact]
    public void The_shipped_unet_runs_from_next_to_the_executable_or_its_absence_is_explained()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 1);
        var run = CliProcess.Run("run", synth.DatasetPath, "--out", tmp.Sub("r"), "--segmenter", "unet", "--detectors", "1");
        var shipped = Path.Combine(AppContext.BaseDirectory, "models", "unet-nuclei");
        if (File.Exists(Path.Combine(shipped, "model.json")) && File.Exists(Path.Combine(shipped, "model.onnx")))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("detectors: cpu (unet)", run.Stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(2, run.ExitCode);
            Assert.True(run.Stderr.Contains("the shipped model was not found", StringComparison.Ordinal) || run.Stderr.Contains("weights file not found", StringComparison.Ordinal), run.ToString());
        }
    }
}
