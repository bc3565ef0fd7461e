using System.Globalization;
using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// The default segmenter (<c>auto</c>: the shipped cell model) decides from the pixels, never from a name: the same
/// frames under two folder names give identical tables, what it chose is recorded per frame and shown by
/// <c>status</c>, a bright background is inverted for the model, and test-time augmentation is part of the setting.
/// </summary>
public sealed class DefaultSegmenterSpecs
{
    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    /// <summary>Every table the pipeline writes, without the names (job, image id, dataset, uri) that differ between the two copies.</summary>
    private static string Tables(string results)
    {
        string Rows(string sql) => string.Join("\n", ResultsDb.Rows(results, sql).Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
        return string.Join("\n--\n",
            Rows("SELECT sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio, intensity_mean, intensity_min, intensity_max, intensity_std FROM frames ORDER BY t, z"),
            Rows("SELECT f.t, o.label, o.area, o.centroid_x, o.centroid_y, o.bbox_x, o.bbox_y, o.bbox_width, o.bbox_height, o.intensity_mean, o.perimeter, o.eccentricity, o.solidity, o.rle " +
                 "FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id ORDER BY f.t, o.label"),
            Rows("SELECT s.sequence, f.t, s.segmenter, s.scale, s.inverted, s.modality, s.background_position, s.noise, s.colour, s.typical_diameter, s.augmentation " +
                 "FROM frame_segmentation s JOIN frames f ON f.job = s.job AND f.image_id = s.image_id ORDER BY f.t"));
    }

    [Fact]
    public void The_same_frames_under_two_folder_names_give_identical_tables_and_the_choice_is_recorded()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("gen"), new SynthOptions(Frames: 3, Height: 192, Width: 224, InitialCells: 10, Seed: 31));
        // a name the old preset-by-name choice knew, and one that says nothing
        CopyDir(synth.SequencePath, Path.Combine(tmp.Sub("a"), "Fluo-N2DH-SIM+", "01"));
        CopyDir(synth.SequencePath, Path.Combine(tmp.Sub("b"), "data", "01"));
        var first = CliProcess.Run("run", Path.Combine(tmp.Sub("a"), "Fluo-N2DH-SIM+", "01"), "--out", tmp.Sub("ra"), "--quiet");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = CliProcess.Run("run", Path.Combine(tmp.Sub("b"), "data", "01"), "--out", tmp.Sub("rb"), "--quiet");
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.True(ResultsDb.Scalar(tmp.Sub("ra"), "SELECT COUNT(*) FROM objects") >= 15, "the default segmenter finds the synthetic nuclei");
        Assert.Equal(Tables(tmp.Sub("ra")), Tables(tmp.Sub("rb")));

        var rows = ResultsDb.Rows(tmp.Sub("rb"), "SELECT segmenter, modality, inverted, colour, augmentation, background_position, typical_diameter FROM frame_segmentation");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("auto (unet-cells)", r[0]);
            Assert.Equal("fluorescence", r[1]);
            Assert.Equal(0L, r[2]);
            Assert.Equal(0L, r[3]);
            Assert.Equal("none", r[4]);
            Assert.InRange((double)r[5], 0, 0.3);
            Assert.InRange((double)r[6], 10, 60);
        });
        var status = CliProcess.Run("status", tmp.Sub("rb"));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("segmenter   auto (unet-cells)", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("sequence    data/01", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 frames: fluorescence, as is (background at 0.", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("segmented at scale", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("first frame data/01/t0000 of its sequence: auto (unet-cells), fluorescence, as is", File.ReadAllText(Path.Combine(tmp.Sub("rb"), "cellactors.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void Dark_objects_on_a_bright_background_are_inverted_for_the_model_and_found()
    {
        using var tmp = new TempDir();
        var data = Directory.CreateDirectory(tmp.Sub("plates")).FullName;
        using (var f = SyntheticTimeLapse.Frames(new SynthOptions(Frames: 1, Height: 200, Width: 200, InitialCells: 9, Seed: 5, BitDepth: 8)).First())
        {
            Cv2.ImWrite(Path.Combine(data, "bright.png"), f.Image);
            using var dark = new Mat();
            Cv2.BitwiseNot(f.Image, dark); // dark nuclei on a bright background, as in brightfield
            Cv2.ImWrite(Path.Combine(data, "dark.png"), dark);
        }
        var run = CliProcess.Run("run", data, "--out", tmp.Sub("r"), "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ResultsDb.Rows(tmp.Sub("r"), "SELECT f.image_id, s.inverted, s.modality, f.cell_count FROM frame_segmentation s JOIN frames f ON f.job = s.job AND f.image_id = s.image_id ORDER BY f.image_id");
        Assert.Equal(2, rows.Count);
        var (brightRow, darkRow) = ((string)rows[0][0]).EndsWith("bright", StringComparison.Ordinal) ? (rows[0], rows[1]) : (rows[1], rows[0]);
        Assert.Equal(0L, brightRow[1]);
        Assert.Equal(1L, darkRow[1]);
        Assert.Equal("brightfield", darkRow[2]);
        Assert.InRange((long)darkRow[3], Math.Max(1, (long)brightRow[3] - 2), (long)brightRow[3] + 2);
    }

    [Fact]
    public void Test_time_augmentation_is_part_of_the_setting_and_needs_a_model()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 2, Height: 128, Width: 128, InitialCells: 6, Seed: 8));
        var results = tmp.Sub("r");
        var run = CliProcess.Run("run", synth.SequencePath, "--out", results, "--tta", "flips", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frame_segmentation WHERE augmentation = 'flips'"));
        Assert.Contains("tta flips", CliProcess.Run("status", results).Stdout, StringComparison.Ordinal);

        var changed = CliProcess.Run("run", synth.SequencePath, "--out", results, "--quiet");
        Assert.Equal(3, changed.ExitCode); // another configuration: refused, as any other change

        var classical = CliProcess.Run("run", synth.SequencePath, "--out", tmp.Sub("r2"), "--segmenter", "sim", "--tta", "flips");
        Assert.Equal(2, classical.ExitCode);
        Assert.Contains("test-time augmentation needs a model segmenter", classical.Stderr, StringComparison.Ordinal);
        var unknown = CliProcess.Run("run", synth.SequencePath, "--out", tmp.Sub("r3"), "--tta", "sideways");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("test-time augmentation 'sideways' is not known", unknown.Stderr, StringComparison.Ordinal);
    }
}
