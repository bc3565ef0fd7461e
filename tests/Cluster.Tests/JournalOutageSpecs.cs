using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// A journal outage mid-job: the MariaDB server that holds the cluster's Akka journal and results is killed while the
/// job runs and started again. The job coordinator stops on the failed writes, its backoff supervisor starts it again
/// until the journal replays, the job manager resumes it, and the job finishes by itself (nobody pauses or resumes it)
/// with the tables of the one-process run. The test runs its own server, since it stops it.
/// </summary>
public sealed class JournalOutageSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [MariaDbFact]
    public void The_database_stopped_and_started_mid_job_and_the_job_finishes_by_itself()
    {
        _ = fixture.Reference; // the one-process run, before this test's own server starts
        using var server = MariaDbServer.Start();
        var db = server.Url(server.CreateDatabase("outage"));
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        cluster.StartWorker(minBatchMs: 400);
        cluster.WaitForDetectors(1);
        Submit(fixture, cluster);

        using (var store = ResultStore.Open(db, readOnly: true))
            WaitUntil(() => CommittedBatches(store) >= 8, cluster, "8 batches committed before the outage");

        server.Stop();
        output.WriteLine("database stopped");
        WaitUntil(() => cluster.Coordinator!.Output.Contains("Failed to persist", StringComparison.Ordinal)
                        || cluster.Coordinator.Output.Contains("when replaying events", StringComparison.Ordinal),
            cluster, "the coordinator to meet the outage");
        server.Restart();
        output.WriteLine("database started again");

        using var after = ResultStore.Open(db, readOnly: true);
        WaitUntil(() => Completed(after), cluster, "the job to finish by itself after the outage", TimeSpan.FromMinutes(8));
        Assert.False(cluster.Coordinator!.HasExited, cluster.Logs());
        Assert.True(Scalar(after, "SELECT COUNT(*) FROM runs WHERE job = 'synth'") >= 2, "no new run: the coordinator was not started again\n" + cluster.Logs());
        AssertSameTablesAndFramesWrittenOnce(fixture, after, cluster, output);
    }
}
