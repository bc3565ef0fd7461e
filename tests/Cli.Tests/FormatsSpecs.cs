using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>A fact that needs the shared datasets; skipped with the reason when they are absent.</summary>
internal sealed class FormatsSharedDataFactAttribute : FactAttribute
{
    public FormatsSharedDataFactAttribute(string relative)
    {
        if (SharedData.Find(relative) is null) Skip = $"shared dataset '{relative}' not found beside the repository (../shared/datasets)";
    }
}

public sealed class FormatsSpecs
{
    [Fact]
    public void Synth_run_export_ctc_and_evaluate_gives_sane_SEG_and_DET()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 8, Height: 256, Width: 256, InitialCells: 12, Seed: 4));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        var res = tmp.Sub("01_RES");
        var export = CliProcess.Run("export", "ctc", results, "--sequence", "01", "--to", res);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(8, Directory.GetFiles(res, "mask*.tif").Length);
        Assert.True(File.Exists(Path.Combine(res, "mask007.tif")));

        var eval = CliProcess.Run("evaluate", "ctc", "--gt", synth.SequencePath + "_GT", "--res", res, "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        using var doc = JsonDocument.Parse(eval.Stdout);
        double seg = doc.RootElement.GetProperty("seg").GetProperty("seg").GetDouble();
        double det = doc.RootElement.GetProperty("det").GetProperty("det").GetDouble();
        Assert.InRange(det, 0.8, 1.0);
        Assert.InRange(seg, 0.6, 1.0);

        var table = CliProcess.Run("evaluate", "ctc", "--gt", synth.SequencePath + "_GT", "--res", res);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("SEG      " + seg.ToString("0.000000", CultureInfo.InvariantCulture), table.Stdout);
        Assert.Contains("TRA", table.Stdout);
    }

    [Fact]
    public void Export_csv_import_csv_and_evaluate_dsb_round_trip()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 3, Height: 128, Width: 128, InitialCells: 6, Seed: 8));
        var results = tmp.Sub("results");
        Assert.Equal(0, CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--quiet").ExitCode);

        var csv = tmp.Sub("sub.csv");
        var export = CliProcess.Run("export", "csv", results, "--to", csv);
        Assert.True(export.ExitCode == 0, export.ToString());
        var import = CliProcess.Run("import", "csv", csv, "--out", tmp.Sub("imported"));
        Assert.True(import.ExitCode == 0, import.ToString());
        var csv2 = tmp.Sub("sub2.csv");
        Assert.Equal(0, CliProcess.Run("export", "csv", tmp.Sub("imported"), "--to", csv2).ExitCode);
        Assert.Equal(File.ReadAllText(csv), File.ReadAllText(csv2));

        // A prediction scored against itself is 1.
        var self = CliProcess.Run("evaluate", "dsb", "--gt", csv, "--pred", csv2, "--json");
        Assert.True(self.ExitCode == 0, self.ToString());
        using var doc = JsonDocument.Parse(self.Stdout);
        Assert.Equal(1.0, doc.RootElement.GetProperty("score").GetDouble(), 12);

        var pq = CliProcess.Run("export", "parquet", results, "--to", tmp.Sub("pq"));
        Assert.True(pq.ExitCode == 0, pq.ToString());
        Assert.True(File.Exists(Path.Combine(tmp.Sub("pq"), "objects.parquet")));
    }

    [Fact]
    public void Malformed_rle_import_fails_with_the_line_and_bad_arguments_exit_2()
    {
        using var tmp = new TempDir();
        var csv = tmp.Sub("bad.csv");
        File.WriteAllText(csv, "ImageId,EncodedPixels,Size\na,1 2,\"3, 4\"\nb,4 2 5 1,\"3, 4\"\n");
        var r = CliProcess.Run("import", "csv", csv, "--out", tmp.Sub("db"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bad.csv line 3", r.Stderr);
        Assert.Equal(2, CliProcess.Run("import", "csv", tmp.Sub("missing.csv"), "--out", tmp.Sub("db")).ExitCode);
        Assert.Equal(2, CliProcess.Run("export", "csv", tmp.Sub("nothing"), "--to", tmp.Sub("x.csv")).ExitCode);
        Assert.Equal(2, CliProcess.Run("evaluate", "ctc", "--gt", tmp.Sub("nogt"), "--res", tmp.Sub("nores")).ExitCode);
    }

    [FormatsSharedDataFact("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT")]
    public void SIM_plus_01_ground_truth_as_a_result_scores_one()
    {
        using var tmp = new TempDir();
        var gt = SharedData.Find("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT")!;
        var res = tmp.Sub("01_RES");
        Directory.CreateDirectory(res);
        foreach (var f in Directory.GetFiles(Path.Combine(gt, "TRA"), "man_track*.tif"))
            File.Copy(f, Path.Combine(res, "mask" + Path.GetFileName(f)["man_track".Length..]));
        var eval = CliProcess.Run("evaluate", "ctc", "--gt", gt, "--res", res, "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        using var doc = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(1.0, doc.RootElement.GetProperty("det").GetProperty("det").GetDouble(), 12);
    }
}
