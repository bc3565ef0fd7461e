using System.Globalization;
using CellActors.Results;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cluster.Tests;

/// <summary>
/// What the multi-process specs wait for and check about the fixture's job ('synth') in the cluster's results database:
/// progress, completion, committed batches, and the closing check that the tables equal the one-process run's.
/// </summary>
internal static class JobChecks
{
    /// <summary>How long a paced job may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(4);

    /// <summary>Polls <paramref name="condition"/>; fails with every node's log on the deadline or when every seed exited.</summary>
    public static void WaitUntil(Func<bool> condition, LocalCluster cluster, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? JobDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"gave up waiting for {what}\n{cluster.Logs()}");
            if (cluster.AllSeedsExited) Assert.Fail($"every seed node exited while waiting for {what}\n{cluster.Logs()}");
            Thread.Sleep(50);
        }
    }

    /// <summary>A single integer from <paramref name="sql"/>; 0 when there is no row or the tables are not created yet.</summary>
    public static long Scalar(ResultStore store, string sql)
    {
        try
        {
            var rows = store.Query(sql);
            return rows.Count == 0 || rows[0][0] is null ? 0 : Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture);
        }
        catch (MySqlConnector.MySqlException)
        {
            return 0; // tables not created yet
        }
    }

    public static long CommittedBatches(ResultStore store) => Scalar(store, "SELECT COUNT(*) FROM batches WHERE job = 'synth'");

    public static HashSet<long> CommittedIds(ResultStore store) =>
        store.Query("SELECT batch_id FROM batches WHERE job = 'synth'").Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>Whether the job is completed (false while its tables do not exist yet).</summary>
    public static bool Completed(ResultStore store)
    {
        try
        {
            return store.Query("SELECT status FROM jobs WHERE job = 'synth'") is [[string s]] && s == "completed";
        }
        catch (MySqlConnector.MySqlException)
        {
            return false;
        }
    }

    /// <summary>Submits the fixture's job (without waiting for it).</summary>
    public static void Submit(ClusterFixture fixture, LocalCluster cluster)
    {
        var (code, text) = cluster.Console("submit", "--segmenter", "default", fixture.Source, "--job", ClusterFixture.Job, "--batch-size", ClusterFixture.BatchSize.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"submit failed ({code}):\n{text}\n{cluster.Logs()}");
    }

    /// <summary>
    /// The end of every test: the tables equal the one-process run's, every frame was written exactly once, no batch was
    /// written by two workers, and (given <paramref name="committedBefore"/>) none committed before the operation was
    /// delivered again.
    /// </summary>
    public static void AssertSameTablesAndFramesWrittenOnce(ClusterFixture fixture, ResultStore store, LocalCluster cluster, ITestOutputHelper output,
        IReadOnlySet<long>? committedBefore = null)
    {
        Assert.Equal(fixture.Reference, ClusterFixture.Dump(store));
        Assert.Equal(ClusterFixture.Frames / ClusterFixture.BatchSize, CommittedBatches(store));
        Assert.Equal(ClusterFixture.Frames, Scalar(store, "SELECT SUM(frames_processed) FROM runs WHERE job = 'synth'"));
        var committedByWorkers = cluster.Workers.SelectMany(LocalCluster.Committed).ToList();
        Assert.Equal(committedByWorkers.Count, committedByWorkers.Distinct().Count()); // no batch written by two workers
        if (committedBefore is not null)
        {
            var redone = cluster.Workers.SelectMany(LocalCluster.Discarded).Where(committedBefore.Contains).ToList();
            Assert.True(redone.Count == 0, $"batches committed before the operation were processed again: {string.Join(", ", redone)}");
        }
        foreach (var r in store.Query("SELECT run_id, committed_at_start, frames_processed, status FROM runs WHERE job = 'synth' ORDER BY run_id"))
            output.WriteLine("run " + string.Join(' ', r));
        foreach (var w in cluster.Workers)
            output.WriteLine($"{w.Name}: committed {LocalCluster.Committed(w).Count} batches, discarded {LocalCluster.Discarded(w).Count} repeated deliveries");
    }
}
