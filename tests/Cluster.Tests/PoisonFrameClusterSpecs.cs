using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// Poison frames on a cluster: one frame of the fixture's job kills every worker process that processes it (the
/// test-only fault trigger <c>CELLACTORS_TEST_CRASH_ON</c>, <see cref="Environment.FailFast(string)"/>). The test starts a
/// new worker whenever the last one died, as an orchestrator would. Each lost worker counts as an attempt of the batches
/// it held; at the limit the batch is bisected, and the job completes with that one frame in <c>errors</c> and every
/// other frame as the one-process run writes it.
/// </summary>
public sealed class PoisonFrameClusterSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [MariaDbFact]
    public void A_frame_that_kills_its_worker_every_time_ends_as_one_errors_row_and_the_job_completes()
    {
        const string poison = "t050.tif";
        var db = fixture.Db.Url(fixture.Db.CreateDatabase("poison"));
        using var cluster = new LocalCluster(db, new Dictionary<string, string> { ["CELLACTORS_TEST_CRASH_ON"] = poison });
        cluster.StartCoordinator("--max-attempts", "2");
        cluster.StartWorker();
        cluster.WaitForDetectors(1);
        Submit(fixture, cluster);

        using var store = ResultStore.Open(db, readOnly: true);
        var crashes = 0;
        WaitUntil(() =>
        {
            if (Completed(store)) return true;
            if (!cluster.Workers[^1].HasExited) return false;
            Assert.Contains("CELLACTORS_TEST_CRASH_ON", cluster.Workers[^1].Output, StringComparison.Ordinal); // it died by the trigger
            crashes++;
            Assert.True(crashes <= 8, $"still not complete after {crashes} worker crashes\n{cluster.Logs()}");
            output.WriteLine($"worker {cluster.Workers.Count} crashed; starting another");
            cluster.StartWorker();
            return false;
        }, cluster, "the job to complete over a frame that kills its worker", TimeSpan.FromMinutes(10));

        // The batch of two was lost twice with its worker (then bisected), then the frame alone twice (then given up).
        Assert.Equal(4, crashes);
        var error = Assert.Single(store.Query("SELECT uri, stage, error_type, message FROM errors WHERE job = 'synth'"));
        Assert.EndsWith("/" + poison, error[0]!.ToString()!.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(("batch", "attempts_exhausted"), (error[1], error[2]));
        Assert.Contains("is gone", error[3]!.ToString()!);

        // Every other frame is as the one-process run wrote it.
        using var reference = ResultStore.OpenSqlite(Path.Combine(fixture.Root, "one-process", "cellactors.db"), readOnly: true);
        var poisonId = Assert.Single(reference.Query($"SELECT image_id FROM frames WHERE uri LIKE '%/{poison}'"))[0]!.ToString()!;
        string Dump(ResultStore s) => ResultsDb.Dump(sql => s.Query(sql),
        [
            ("frames", $"SELECT job, image_id, dataset, sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio FROM frames WHERE image_id <> '{poisonId}' ORDER BY job, image_id"),
            ("objects", $"SELECT job, image_id, label, area, centroid_x, centroid_y, rle FROM objects WHERE image_id <> '{poisonId}' ORDER BY job, image_id, label"),
        ]);
        Assert.Equal(Dump(reference), Dump(store));
        Assert.Equal(ClusterFixture.Frames - 1, Scalar(store, "SELECT COUNT(*) FROM frames WHERE job = 'synth'"));
        Assert.Equal(ClusterFixture.Frames, Scalar(store, "SELECT SUM(frames + errors) FROM batches WHERE job = 'synth'"));
    }
}
