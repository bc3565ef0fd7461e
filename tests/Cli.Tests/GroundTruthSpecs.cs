using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary><c>evaluate ctc</c> with tracks (TRA) and <c>import ctc-gt</c>, through the real executable.</summary>
public sealed class GroundTruthSpecs
{
    /// <summary>A result folder holding the GT markers as masks (and man_track.txt as res_track.txt when asked).</summary>
    private static string ResFromMarkers(string gt, string res, bool withTracks)
    {
        Directory.CreateDirectory(res);
        foreach (var f in Directory.GetFiles(Path.Combine(gt, "TRA"), "man_track*.tif"))
            File.Copy(f, Path.Combine(res, "mask" + Path.GetFileName(f)["man_track".Length..]));
        if (withTracks) File.Copy(Path.Combine(gt, "TRA", "man_track.txt"), Path.Combine(res, "res_track.txt"));
        return res;
    }

    [Fact]
    public void Evaluate_ctc_reports_TRA_when_the_result_has_res_track_txt()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 6, Height: 96, Width: 96, InitialCells: 5, Seed: 6));
        var gt = synth.SequencePath + "_GT";

        var noTracks = ResFromMarkers(gt, tmp.Sub("masks_RES"), withTracks: false);
        var a = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", noTracks, "--json");
        Assert.True(a.ExitCode == 0, a.ToString());
        using (var doc = JsonDocument.Parse(a.Stdout))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("tra").ValueKind);
            Assert.Contains("res_track.txt", doc.RootElement.GetProperty("tra_missing").GetString());
        }

        var tracked = ResFromMarkers(gt, tmp.Sub("tracked_RES"), withTracks: true);
        var b = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", tracked, "--json");
        Assert.True(b.ExitCode == 0, b.ToString());
        using (var doc = JsonDocument.Parse(b.Stdout))
        {
            var tra = doc.RootElement.GetProperty("tra");
            Assert.Equal(1.0, tra.GetProperty("tra").GetDouble(), 12);
            Assert.Equal(0.0, tra.GetProperty("aogm").GetDouble());
            foreach (var k in new[] { "splits", "false_negatives", "false_positives", "redundant_edges", "missing_edges", "wrong_semantics" })
                Assert.Equal(0, tra.GetProperty(k).GetInt32());
            Assert.True(tra.GetProperty("reference_vertices").GetInt32() > 0);
        }
        var table = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", tracked);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("TRA      1.000000  AOGM 0 of ", table.Stdout);
        Assert.Contains("EA 0, EC 0", table.Stdout);

        // A res_track.txt that contradicts the masks is refused, naming the file.
        File.AppendAllText(Path.Combine(tracked, "res_track.txt"), "999 0 1 0\n");
        var bad = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", tracked);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("res_track.txt", bad.Stderr);
        Assert.Contains("track 999", bad.Stderr);
    }

    [Fact]
    public void Import_ctc_gt_beside_results_lets_SQL_compare_them()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 4, Height: 128, Width: 128, InitialCells: 6, Seed: 12));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        var import = CliProcess.Run("import", "ctc-gt", synth.SequencePath + "_GT", "--out", results);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("imported ground truth Synth-N2DH/01_GT", import.Stdout);
        var again = CliProcess.Run("import", "ctc-gt", synth.SequencePath + "_GT", "--out", results);
        Assert.True(again.ExitCode == 0, again.ToString());

        // The README's comparison query: cells found per frame against the annotated count.
        var rows = ResultsDb.Rows(results, """
            SELECT f.t, f.cell_count, g.object_count AS gt_cells
            FROM frames f JOIN gt_frames g ON g.image_id = f.image_id AND g.source = 'SEG'
            WHERE f.job = 'Synth-N2DH' ORDER BY f.t
            """);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(Convert.ToInt64(r[2], CultureInfo.InvariantCulture) > 0));
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM gt_tracks"), File.ReadAllLines(Path.Combine(synth.SequencePath + "_GT", "TRA", "man_track.txt")).Length);
        Assert.Equal(1, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM gt_imports"));
        // The pipeline job is untouched and still the only job.
        Assert.Equal(1, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM jobs"));

        Assert.Equal(2, CliProcess.Run("import", "ctc-gt", tmp.Sub("nothing/01_GT"), "--out", results).ExitCode);
    }

    [SharedDataFact("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT")]
    public void SIM_plus_01_ground_truth_as_a_tracking_result_scores_TRA_one()
    {
        using var tmp = new TempDir();
        var gt = SharedData.Find("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT")!;
        var res = ResFromMarkers(gt, tmp.Sub("01_RES"), withTracks: true);
        var eval = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", res, "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        using var doc = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(1.0, doc.RootElement.GetProperty("tra").GetProperty("tra").GetDouble(), 12);
        Assert.Equal(1.0, doc.RootElement.GetProperty("det").GetProperty("det").GetDouble(), 12);
    }
}
