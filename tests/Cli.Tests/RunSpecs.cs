using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary><c>cellactors run</c> and <c>status</c> as a user runs them: separate processes, a real SQLite file.</summary>
public sealed class RunSpecs
{
    private static SynthSummary Generate(string dir, int frames, int seed = 3) =>
        SyntheticTimeLapse.Generate(dir, new SynthOptions(Frames: frames, Height: 256, Width: 256, InitialCells: 14, Seed: seed));

    [Fact]
    public void Run_stores_one_frame_row_per_frame_and_objects_that_match_the_ground_truth()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 10);
        var results = tmp.Sub("results");

        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--batch-size", "3");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("done: 10 frames", run.Stdout);

        Assert.Equal(10, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.Equal(ResultsDb.Scalar(results, "SELECT SUM(cell_count) FROM frames"), ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects"));
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects"), ResultsDb.Scalar(results, "SELECT COUNT(*) FROM dsb_submission"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE height <> 256 OR width <> 256 OR total_area <> 65536"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE abs(cell_ratio - CAST(cell_area AS REAL) / total_area) > 1e-12"));
        Assert.True(File.Exists(Path.Combine(results, "cellactors.log")));

        // Every stored mask decodes to its stored area, and the detected count follows the ground truth frame by frame.
        var seqDir = synth.SequencePath;
        foreach (var row in ResultsDb.Rows(results, "SELECT image_id, t, cell_count, height, width FROM frames ORDER BY t"))
        {
            var t = Convert.ToInt32(row[1]);
            using var gt = OpenCvSharp.Cv2.ImRead(Path.Combine(seqDir + "_GT", "SEG", $"man_seg{t:D3}.tif"), OpenCvSharp.ImreadModes.Unchanged);
            var gtCount = CountLabels(gt);
            var found = Convert.ToInt32(row[2]);
            Assert.InRange(found, (int)(gtCount * 0.8), (int)Math.Ceiling(gtCount * 1.2));

            var objs = ResultsDb.Rows(results, $"SELECT rle, area FROM objects WHERE image_id = '{row[0]}' ORDER BY label");
            var labels = Rle.DecodeAll(objs.Select(o => (string)o[0]).ToList(), Convert.ToInt32(row[3]), Convert.ToInt32(row[4]));
            for (var i = 0; i < objs.Count; i++)
                Assert.Equal(Convert.ToInt64(objs[i][1]), labels.Labels.LongCount(l => l == i + 1));
        }

        var status = CliProcess.Run("status", results);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("10 / 10", status.Stdout);
        Assert.Contains("completed", status.Stdout);
    }

    private static int CountLabels(OpenCvSharp.Mat gt)
    {
        gt.GetArray(out ushort[] values);
        return values.Where(v => v != 0).Distinct().Count();
    }

    [Fact]
    public void Running_again_changes_nothing_a_changed_configuration_is_refused_and_force_starts_over()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 6, seed: 5);
        var results = tmp.Sub("results");
        var first = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results);
        Assert.True(first.ExitCode == 0, first.ToString());
        var dump = ResultsDb.Dump(results);

        var again = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(dump, ResultsDb.Dump(results));
        Assert.Equal(6, ResultsDb.Scalar(results, "SELECT SUM(frames_processed) FROM runs"));

        var changed = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--denoise", "gaussian:2");
        Assert.Equal(3, changed.ExitCode);
        Assert.Contains("another configuration", changed.Stderr);
        Assert.Contains("--force", changed.Stderr);
        Assert.Equal(dump, ResultsDb.Dump(results));

        var forced = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(dump, ResultsDb.Dump(results));
        Assert.Equal(1, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM runs"));
    }

    [Fact]
    public void A_missing_source_fails_fast_with_a_clear_message()
    {
        using var tmp = new TempDir();
        var r = CliProcess.Run("run", "--segmenter", "default", tmp.Sub("nope"), "--out", tmp.Sub("results"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("source not found", r.Stderr);
        Assert.Contains("nope", r.Stderr);
        Assert.False(Directory.Exists(tmp.Sub("results")));
    }

    [Fact]
    public void Invalid_settings_are_refused_before_anything_starts()
    {
        using var tmp = new TempDir();
        var synth = Generate(tmp.Sub("data"), frames: 2);
        var r = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", tmp.Sub("results"), "--denoise", "wavelet:9");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("wavelet", r.Stderr);
    }

    [SharedDataFact("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+")]
    public void The_shared_SIM_dataset_runs_with_one_row_per_frame_and_no_ground_truth_taken_as_input()
    {
        using var tmp = new TempDir();
        var source = SharedData.Find("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+")!;
        var results = tmp.Sub("results");
        var r = CliProcess.Run("run", "--segmenter", "default", source, "--out", results);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(65, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE uri LIKE '%_GT%'"));
        Assert.Equal(65, ResultsDb.Scalar(results, "SELECT COUNT(DISTINCT image_id) FROM frames"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.True(ResultsDb.Scalar(results, "SELECT MIN(cell_count) FROM frames") > 0);
    }
}
