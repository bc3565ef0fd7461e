using System.Diagnostics;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cli.Tests;

/// <summary>
/// Exactly-once resume: the real process is killed with SIGKILL at random points, run again until it finishes,
/// and the tables equal those of an uninterrupted run; the runs table proves no committed frame was processed again.
/// </summary>
public sealed class ResumeSpecs(ITestOutputHelper output)
{
    [Fact]
    public void Kill_9_at_random_points_then_resume_gives_identical_tables_and_never_reprocesses_committed_frames()
    {
        using var tmp = new TempDir();
        const int frames = 60;
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: frames, Height: 256, Width: 256, InitialCells: 16, Seed: 21));
        string[] Args(string outDir) => ["run", "--segmenter", "default", synth.DatasetPath, "--out", outDir, "--batch-size", "2", "--quiet"];

        var reference = tmp.Sub("reference");
        var full = CliProcess.Run(Args(reference));
        Assert.True(full.ExitCode == 0, full.ToString());
        var expected = ResultsDb.Dump(reference);

        var resumed = tmp.Sub("resumed");
        var rng = new Random(20261124);
        var kills = 0;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // Kill after a random number of newly committed batches (on the first attempt: during start-up).
            var committedBefore = CommittedBatches(resumed);
            var target = attempt == 0 ? 0 : committedBefore + rng.Next(1, 5);
            using var p = CliProcess.Start(Args(resumed));
            var sw = Stopwatch.StartNew();
            while (!p.HasExited && sw.Elapsed < TimeSpan.FromMinutes(2))
            {
                var committed = CommittedBatches(resumed);
                if (committed >= target && (target > 0 || sw.ElapsedMilliseconds > 1500)) break;
                Thread.Sleep(rng.Next(5, 60));
            }
            var killed = !p.HasExited;
            if (killed)
            {
                p.Kill(entireProcessTree: true); // SIGKILL
                kills++;
            }
            p.WaitForExit();
            output.WriteLine($"attempt {attempt}: killed={killed} after {sw.ElapsedMilliseconds} ms, committed batches {committedBefore} -> {CommittedBatches(resumed)}");
        }
        Assert.True(kills >= 3, "the job finished before it could be killed: make it longer");

        var last = CliProcess.Run(Args(resumed));
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Equal(expected, ResultsDb.Dump(resumed));

        // Every frame was processed exactly once over all runs: committed work is never redone, lost work is redone once.
        var runs = ResultsDb.Rows(resumed, "SELECT run_id, committed_at_start, frames_processed, status FROM runs ORDER BY run_id");
        foreach (var r in runs) output.WriteLine(string.Join(' ', r));
        Assert.True(runs.Count >= 3);
        Assert.Equal(frames, runs.Sum(r => Convert.ToInt64(r[2])));
        long before = 0;
        foreach (var r in runs)
        {
            Assert.Equal(before, Convert.ToInt64(r[1]));
            before += Convert.ToInt64(r[2]);
        }
        Assert.Equal(frames, ResultsDb.Scalar(resumed, "SELECT SUM(frames) FROM batches"));
    }

    private static long CommittedBatches(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "cellactors.db"))) return 0;
        try
        {
            return ResultsDb.Scalar(dir, "SELECT COUNT(*) FROM batches");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // schema not created yet
        }
    }
}
