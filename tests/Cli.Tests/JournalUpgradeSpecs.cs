using System.IO.Compression;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cli.Tests;

/// <summary>
/// A job interrupted by the build before versioned manifests (its journal holds the short-name manifests and the
/// payloads that build wrote) is resumed by this build: the job finishes with the tables of an uninterrupted run, the
/// old events stay as they were and the new ones are written with the versioned manifests.
/// </summary>
/// <remarks>
/// <c>Fixtures/journal-v0.zip</c> holds the <c>journal.db</c> and <c>cellactors.db</c> of that build (commit 820ac6b),
/// made with
/// <c>cellactors synth /tmp/cellactors-journal-fixture/data --frames 12 --height 64 --width 64 --cells 4 --seed 8</c>,
/// then <c>cellactors run --segmenter default /tmp/cellactors-journal-fixture/data/Synth-N2DH --out out --batch-size 1
/// --detectors 2 --max-in-flight 3</c> killed with SIGKILL after 9 of 12 batches were committed (the journal holds 7
/// completions and leases still open), WAL checkpointed. The source path is part of the job's fingerprint and of its
/// manifest, so the test regenerates the same synthetic data at that path (the same seed writes the same files).
/// </remarks>
public sealed class JournalUpgradeSpecs(ITestOutputHelper output)
{
    private const string DataRoot = "/tmp/cellactors-journal-fixture";
    private static readonly string Source = Path.Combine(DataRoot, "data", "Synth-N2DH");

    private static string[] Args(string outDir) =>
        ["run", "--segmenter", "default", Source, "--out", outDir, "--batch-size", "1", "--detectors", "2", "--max-in-flight", "3", "--quiet"];

    [Fact]
    public void A_job_interrupted_by_the_previous_build_is_resumed_and_finished_with_the_tables_of_an_uninterrupted_run()
    {
        Directory.CreateDirectory(DataRoot);
        using var dataLock = Lock(Path.Combine(DataRoot, ".lock"));
        if (Directory.Exists(Path.Combine(DataRoot, "data"))) Directory.Delete(Path.Combine(DataRoot, "data"), recursive: true);
        var synth = CliProcess.Run("synth", Path.Combine(DataRoot, "data"), "--frames", "12", "--height", "64", "--width", "64", "--cells", "4", "--seed", "8");
        Assert.True(synth.ExitCode == 0, synth.ToString());

        using var tmp = new TempDir("journal-v0-");
        var resumed = tmp.Sub("resumed");
        ZipFile.ExtractToDirectory(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v0.zip"), resumed);
        var journal = Path.Combine(resumed, "journal.db");
        var before = Events(journal);
        Assert.Equal(19, before.Count);
        Assert.All(before, e => Assert.Contains(e.Manifest, new[] { "JobStarted", "RunStarted", "BatchLeased", "BatchCompleted" }));
        Assert.Equal(9, ResultsDb.Scalar(resumed, "SELECT COUNT(*) FROM batches"));
        // The columns the previous build wrote: rows it committed keep NULL in columns added since (schema migrations).
        var oldObjectColumns = ResultsDb.Rows(resumed, "SELECT name FROM pragma_table_info('objects')").Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!).ToList();

        // A journal this build cannot read stalls the job (its coordinator fails recovery): two minutes is plenty for 3 frames.
        var run = CliProcess.RunWithTimeout(TimeSpan.FromMinutes(2), Args(resumed));
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());

        var reference = tmp.Sub("reference");
        var full = CliProcess.Run(Args(reference));
        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.Equal(DumpOfColumns(reference, oldObjectColumns), DumpOfColumns(resumed, oldObjectColumns));
        var unmeasured = ResultsDb.Scalar(resumed, "SELECT COUNT(*) FROM objects WHERE major_axis_length IS NULL");
        Assert.True(unmeasured > 0 && unmeasured < ResultsDb.Scalar(resumed, "SELECT COUNT(*) FROM objects"),
            $"{unmeasured} objects without the measurements added since: expected those of the old build's batches only");
        Assert.Equal(0, ResultsDb.Scalar(reference, "SELECT COUNT(*) FROM objects WHERE major_axis_length IS NULL"));
        Assert.Equal(12, ResultsDb.Scalar(resumed, "SELECT SUM(frames) FROM batches"));
        Assert.Equal("completed", ResultsDb.Rows(resumed, "SELECT status FROM jobs").Single()[0]);

        // The run of this build processed only what the old one had not committed.
        var runs = ResultsDb.Rows(resumed, "SELECT run_id, committed_at_start, frames_processed FROM runs ORDER BY run_id");
        foreach (var r in runs) output.WriteLine(string.Join(' ', r));
        Assert.Equal(2, runs.Count);
        Assert.Equal((9L, 3L), (Convert.ToInt64(runs[1][1]), Convert.ToInt64(runs[1][2])));

        // The old events are kept as written; this build appended with its versioned manifests only.
        var after = Events(journal);
        Assert.Equal(before, after.Take(before.Count));
        var appended = after.Skip(before.Count).Select(e => e.Manifest).ToList();
        Assert.Contains("run-started.v1", appended);
        Assert.Contains("batch-completed.v1", appended);
        Assert.All(appended, m => Assert.EndsWith(".v1", m, StringComparison.Ordinal));

        // Recovering the mixed journal again (old and new manifests) finds the job complete: nothing changes.
        var dump = ResultsDb.Dump(resumed);
        var again = CliProcess.RunWithTimeout(TimeSpan.FromMinutes(2), Args(resumed));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(dump, ResultsDb.Dump(resumed));
        Assert.Equal(2, ResultsDb.Scalar(resumed, "SELECT COUNT(*) FROM runs"));
    }

    private static List<(long Sequence, string Manifest, string Payload)> Events(string journal) =>
        ResultsDb.Rows(journal, "SELECT sequence_number, manifest, message FROM journal ORDER BY ordering")
            .Select(r => (Convert.ToInt64(r[0]), (string)r[1], System.Text.Encoding.UTF8.GetString((byte[])r[2])))
            .ToList();

    /// <summary>The data folder is at a fixed path (it is in the fixture's fingerprint): one test process uses it at a time.</summary>
    private static FileStream Lock(string path)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 600)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary><see cref="ResultsDb.Dump(string)"/> with the objects table limited to <paramref name="objectColumns"/>.</summary>
    private static string DumpOfColumns(string dir, IReadOnlyList<string> objectColumns) => ResultsDb.Dump(sql => ResultsDb.Rows(dir, sql),
    [
        ("frames", "SELECT * FROM frames ORDER BY job, image_id"),
        ("objects", $"SELECT {string.Join(", ", objectColumns)} FROM objects ORDER BY job, image_id, label"),
        ("errors", "SELECT job, uri, page, image_id, stage, error_type, message FROM errors ORDER BY job, uri, page"),
        ("tracks", "SELECT * FROM tracks ORDER BY job, dataset, sequence, track_id"),
    ]);
}
