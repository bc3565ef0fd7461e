using System.Diagnostics;
using System.Globalization;
using CellActors.Imaging;
using CellActors.Reading.Evaluation;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cli.Tests;

/// <summary><c>cellactors track</c>, <c>run --track</c> and the tracked CTC export, through the real process.</summary>
public sealed class TrackSpecs(ITestOutputHelper output)
{
    private static (int L, int B, int E, int P)[] ReadTracks(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(' ').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray())
            .Select(v => (v[0], v[1], v[2], v[3])).ToArray();

    [Fact]
    public void Run_with_track_then_export_gives_masks_and_res_track_that_agree()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 30, Height: 192, Width: 192, InitialCells: 10, Seed: 6, DivisionProbability: 0.05, MinCycleFrames: 5));
        Assert.True(synth.Divisions > 0);
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--track", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tracked: 1 sequence(s), 30 frames", run.Stdout);

        var res = tmp.Sub("01_RES");
        var export = CliProcess.Run("export", "ctc", results, "--sequence", "01", "--to", res);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("res_track.txt", export.Stdout);

        // The CTC consistency rules: each track's label is present in exactly the frames B..E, a parent ends before its children begin.
        var tracks = ReadTracks(Path.Combine(res, "res_track.txt")).ToDictionary(t => t.L);
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM tracks"), tracks.Count);
        var seen = new Dictionary<int, SortedSet<int>>();
        foreach (var f in CtcFolder.MaskFiles(res))
        {
            var labels = CtcFolder.ReadLabels(f.Path);
            foreach (int l in labels.Labels.Where(l => l != 0).Distinct())
            {
                if (!seen.TryGetValue(l, out var ts)) seen[l] = ts = new SortedSet<int>();
                ts.Add(f.T);
            }
        }
        Assert.Equal(tracks.Keys.Order(), seen.Keys.Order());
        foreach (var (l, ts) in seen)
        {
            var t = tracks[l];
            Assert.Equal(Enumerable.Range(t.B, t.E - t.B + 1), ts);
            if (t.P != 0) Assert.True(tracks[t.P].E < t.B, $"track {l} begins at {t.B} before its parent {t.P} ends at {tracks[t.P].E}");
        }
        Assert.Contains(tracks.Values, t => t.P != 0);

        // Tracking again with `track` finds everything done and changes nothing.
        var before = ResultsDb.Dump(results);
        var again = CliProcess.Run("track", results, "--quiet");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(before, ResultsDb.Dump(results));
    }

    [Fact]
    public void Two_sequences_get_job_unique_track_ids_and_each_exports_with_labels_from_one()
    {
        using var tmp = new TempDir();
        var one = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 12, Height: 128, Width: 128, InitialCells: 6, Seed: 3, Sequence: "01"));
        SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 12, Height: 128, Width: 128, InitialCells: 5, Seed: 4, Sequence: "02"));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", one.DatasetPath, "--out", results, "--track", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tracked: 2 sequence(s)", run.Stdout);

        var ids = ResultsDb.Rows(results, "SELECT sequence, track_id FROM tracks").Select(r => (Seq: (string)r[0], Id: (long)r[1])).ToList();
        Assert.Equal(ids.Count, ids.Select(x => x.Id).Distinct().Count());
        Assert.All(ids.Where(x => x.Seq == "01"), x => Assert.InRange(x.Id, 1, 1_000_000));
        Assert.All(ids.Where(x => x.Seq == "02"), x => Assert.InRange(x.Id, 1_000_001, 2_000_000));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE f.sequence = '02' AND o.track_id <= 1000000"));

        var res = tmp.Sub("02_RES");
        Assert.Equal(0, CliProcess.Run("export", "ctc", results, "--sequence", "02", "--to", res).ExitCode);
        var tracks = ReadTracks(Path.Combine(res, "res_track.txt"));
        Assert.Equal(ids.Count(x => x.Seq == "02"), tracks.Length);
        Assert.Equal(1, tracks.Min(t => t.L));
        Assert.Empty(CtcFolder.ValidateResult(res));
    }

    [Fact]
    public void Track_refuses_an_incomplete_job_changed_settings_and_a_missing_database()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 6, Height: 96, Width: 96, InitialCells: 4, Seed: 2));
        var results = tmp.Sub("results");
        Assert.Equal(0, CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--quiet").ExitCode);

        var ok = CliProcess.Run("track", results, "--max-gap", "1", "--quiet");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var changed = CliProcess.Run("track", results, "--max-gap", "3", "--quiet");
        Assert.Equal(3, changed.ExitCode);
        Assert.Contains("max-gap=1", changed.Stderr);
        Assert.Contains("--force", changed.Stderr);
        var forced = CliProcess.Run("track", results, "--max-gap", "3", "--force", "--quiet");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("max-gap=3", ResultsDb.Rows(results, "SELECT settings FROM tracking").Single()[0].ToString());

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(results, "cellactors.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE jobs SET status = 'running'";
            cmd.ExecuteNonQuery();
        }
        var incomplete = CliProcess.Run("track", results, "--force", "--quiet");
        Assert.Equal(3, incomplete.ExitCode);
        Assert.Contains("not complete", incomplete.Stderr);

        var missing = CliProcess.Run("track", tmp.Sub("nowhere"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no results database", missing.Stderr);
    }

    [Fact]
    public void Kill_9_during_tracking_then_track_again_gives_identical_tables()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 240, Height: 128, Width: 128, InitialCells: 8, Seed: 9, DivisionProbability: 0.02, MaxCells: 14));
        var untracked = tmp.Sub("untracked");
        Assert.Equal(0, CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", untracked, "--batch-size", "40", "--quiet").ExitCode);
        var reference = tmp.Sub("reference");
        CopyDirectory(untracked, reference);
        var whole = CliProcess.Run("track", reference, "--chunk-frames", "2", "--quiet");
        Assert.True(whole.ExitCode == 0, whole.ToString());

        // Each round starts from the untracked results and kills tracking at random points until it has been killed
        // twice. On a loaded machine the poll can miss its moment and tracking finish first: that round starts over.
        var rng = new Random(6);
        var interrupted = tmp.Sub("interrupted");
        int kills = 0;
        for (int round = 0; round < 5 && kills < 2; round++)
        {
            if (Directory.Exists(interrupted)) Directory.Delete(interrupted, recursive: true);
            CopyDirectory(untracked, interrupted);
            kills = 0;
            for (int attempt = 0; attempt < 3 && kills < 2; attempt++)
            {
                int before = FramesTracked(interrupted);
                int target = before + rng.Next(4, 40);
                using var p = CliProcess.Start("track", interrupted, "--chunk-frames", "2", "--quiet");
                var sw = Stopwatch.StartNew();
                while (!p.HasExited && FramesTracked(interrupted) < target && sw.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(rng.Next(1, 10));
                var killed = !p.HasExited;
                if (killed)
                {
                    p.Kill(entireProcessTree: true);
                    kills++;
                }
                p.WaitForExit();
                output.WriteLine($"round {round}, attempt {attempt}: frames tracked {before} -> {FramesTracked(interrupted)}{(killed ? ", killed" : ", finished")}");
                if (!killed) break;
            }
        }
        Assert.True(kills >= 2, "tracking finished before it could be killed twice in 5 rounds: make the sequence longer");
        var last = CliProcess.Run("track", interrupted, "--chunk-frames", "2", "--quiet");
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Equal(ResultsDb.Dump(reference), ResultsDb.Dump(interrupted));
        Assert.Equal(240, FramesTracked(interrupted));
    }

    private static int FramesTracked(string dir)
    {
        try
        {
            return (int)ResultsDb.Scalar(dir, "SELECT COALESCE(SUM(frames_tracked), 0) FROM tracking");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the table appears when tracking first opens the database
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
