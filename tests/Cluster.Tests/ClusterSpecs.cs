using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// The cluster as separate OS processes on 127.0.0.1: a seed, a coordinator, workers and a MariaDB server. A job
/// gives the tables of the one-process run; a worker killed with SIGKILL mid-job, or the coordinator killed and
/// restarted mid-job, changes nothing in the tables, and no batch committed before the crash is processed again.
/// </summary>
public sealed class ClusterSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private string NewDatabase() => fixture.Db.Url(fixture.Db.CreateDatabase("cluster"));

    [MariaDbFact]
    public void A_job_on_seed_coordinator_and_two_workers_gives_the_tables_of_the_one_process_run()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        cluster.StartWorker();
        cluster.StartWorker();
        cluster.WaitForDetectors(2); // both workers must have joined before the job starts, or the first can take it all
        var (code, text) = cluster.Console("submit", "--segmenter", "default", fixture.Source, "--job", ClusterFixture.Job, "--batch-size", "2", "--wait");
        Assert.True(code == 0, $"submit --wait failed ({code}):\n{text}\n{cluster.Logs()}");
        Assert.Contains("job synth (completed)", text);

        using var store = ResultStore.Open(db, readOnly: true);
        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output);
        Assert.All(cluster.Workers, w => Assert.NotEmpty(LocalCluster.Committed(w))); // both workers got work
        Assert.All(cluster.Workers, w => Assert.Empty(LocalCluster.Discarded(w)));

        var (showCode, show) = cluster.Console("cluster", "show");
        Assert.True(showCode == 0, show);
        Assert.Contains("coordinator", show);
        Assert.Contains($"127.0.0.1:{cluster.CoordinatorPort}", show);
        Assert.Contains("detector,worker", show.Replace("decoder,", "", StringComparison.Ordinal));
        var (statusCode, status) = cluster.Console("status", ClusterFixture.Job);
        Assert.True(statusCode == 0, status);
        Assert.Contains($"{ClusterFixture.Frames} / {ClusterFixture.Frames}", status);
    }

    [MariaDbFact]
    public void A_paused_job_resumes_a_worker_that_joins_mid_job_gets_work_and_a_worker_killed_mid_job_changes_nothing()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        var first = cluster.StartWorker(minBatchMs: 400); // paced: 60 batches take it 24 s, time to pause, join and kill mid-job
        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);

        WaitUntil(() => CommittedBatches(store) >= 3, cluster, "the first batches");

        // Pause, so that the second worker surely joins mid-job (a node starts in seconds; the job would be done).
        var (pauseCode, paused) = cluster.Console("pause", ClusterFixture.Job);
        Assert.True(pauseCode == 0, paused);
        Assert.Contains("job synth (paused)", paused);
        var second = cluster.StartWorker(minBatchMs: 200); // joins mid-job
        WaitUntil(() => cluster.Coordinator!.Output.Contains("(2 workers)", StringComparison.Ordinal), cluster, "the second worker to register");
        var (resumeCode, resumed) = cluster.Console("resume", ClusterFixture.Job);
        Assert.True(resumeCode == 0, resumed);
        WaitUntil(() => LocalCluster.Committed(second).Count >= 2 || Completed(store), cluster, "the second worker to commit work");
        Assert.False(Completed(store), $"the job finished before the first worker could be killed ({CommittedBatches(store)} batches): make it longer\n{cluster.Logs()}");

        first.Kill9();
        var committedAtKill = store.Query("SELECT batch_id FROM batches WHERE job = 'synth'").Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        output.WriteLine($"killed {first.Name} with {committedAtKill.Count} batches committed");
        WaitUntil(() => Completed(store), cluster, "the job to complete after the worker was killed");

        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output);
        Assert.NotEmpty(LocalCluster.Committed(second));
        var redone = cluster.Workers.SelectMany(LocalCluster.Discarded).Where(committedAtKill.Contains).ToList();
        Assert.True(redone.Count == 0, $"batches committed before the crash were processed again: {string.Join(", ", redone)}");
    }

    [MariaDbFact]
    public void The_coordinator_killed_mid_job_and_restarted_finishes_the_job_with_the_same_tables()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        cluster.StartWorker(minBatchMs: 300);
        cluster.StartWorker(minBatchMs: 300);
        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);

        WaitUntil(() => CommittedBatches(store) >= 8, cluster, "the first batches");
        Assert.False(Completed(store), $"the job finished before the coordinator could be killed ({CommittedBatches(store)} batches): make it longer\n{cluster.Logs()}");
        cluster.Coordinator!.Kill9();
        var committedAtKill = store.Query("SELECT batch_id FROM batches WHERE job = 'synth'").Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        output.WriteLine($"killed the coordinator with {committedAtKill.Count} batches committed");
        cluster.StartCoordinator(); // same port: a new incarnation of the node; the job manager resumes the job by itself
        WaitUntil(() => Completed(store), cluster, "the job to complete after the coordinator restarted");

        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output);
        Assert.True(Scalar(store, "SELECT COUNT(*) FROM runs WHERE job = 'synth'") >= 2, "the restarted coordinator started a new run");
        var redone = cluster.Workers.SelectMany(LocalCluster.Discarded).Where(committedAtKill.Contains).ToList();
        Assert.True(redone.Count == 0, $"batches committed before the crash were processed again: {string.Join(", ", redone)}");
    }
}
