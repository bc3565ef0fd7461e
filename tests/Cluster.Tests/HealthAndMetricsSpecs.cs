using System.Text.Json;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// The management endpoint (<c>--management</c>) of real node processes with MariaDB: a worker's <c>/health/ready</c>
/// answers 503 while it cannot join (its seed frozen), 200 once it is an Up member and 503 again while it leaves
/// (SIGTERM), its liveness stays 200 throughout; <c>/metrics</c> counts frames during the job and, at its end, the
/// frames counter equals the <c>frames</c> rows; the coordinator's metrics count every batch leased and completed; JSON
/// log lines parse and carry the node, the job and the batch.
/// </summary>
public sealed class HealthAndMetricsSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [MariaDbFact]
    public void Readiness_follows_the_member_and_metrics_count_every_frame_row()
    {
        var db = fixture.Db.Url(fixture.Db.CreateDatabase("health"));
        using var cluster = new LocalCluster(db);
        var workerPort = FreePort.Next();
        var coordinatorPort = FreePort.Next();
        using var worker = new ManagementProbe(workerPort);
        using var coordinator = new ManagementProbe(coordinatorPort);

        // The seed frozen: the worker runs but cannot join, so it is live and not ready.
        WaitUntil(() => cluster.Seed.Output.Contains("cellactors seed ", StringComparison.Ordinal), cluster, "the seed to start");
        cluster.Seed.Freeze();
        var node = cluster.StartWorker(minBatchMs: 150, options: ["--management", $"127.0.0.1:{workerPort}", "--log-format", "json"]);
        WaitUntil(() => worker.Status("health/live") == 200, cluster, "the worker's liveness");
        Assert.Equal(503, worker.Status("health/ready"));

        cluster.Seed.Signal("CONT");
        WaitUntil(() => worker.Status("health/ready") == 200, cluster, "the worker's readiness once it joined");

        cluster.StartCoordinator("--management", $"127.0.0.1:{coordinatorPort}");
        WaitUntil(() => coordinator.Status("health/ready") == 200, cluster, "the coordinator's readiness (member Up, journal and database answer)");
        cluster.WaitForDetectors(1);
        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);

        // During the job (paced: 60 batches of at least 150 ms): frames counted, fewer than all.
        double? midJob = null;
        WaitUntil(() =>
        {
            var v = worker.Metrics() is { } text ? ManagementProbe.Sample(text, "cellactors_frames_processed_total", "job=\"synth\"") : null;
            if (v is > 0 && !Completed(store)) midJob = v;
            return midJob is not null || Completed(store);
        }, cluster, "a scrape that counts frames mid-job");
        Assert.True(midJob is > 0 and < ClusterFixture.Frames, $"no scrape counted frames while the job ran (the job finished first?)\n{cluster.Logs()}");
        output.WriteLine($"mid-job scrape: {midJob} frames");

        WaitUntil(() => Completed(store), cluster, "the job to complete");
        var rows = Scalar(store, "SELECT COUNT(*) FROM frames WHERE job = 'synth'");
        var metrics = worker.Metrics() ?? throw new InvalidOperationException("the worker's /metrics did not answer after the job");
        Assert.Equal(rows, (long)(ManagementProbe.Sample(metrics, "cellactors_frames_processed_total", "job=\"synth\"") ?? -1));
        Assert.Equal(ClusterFixture.Frames, rows);
        Assert.NotNull(ManagementProbe.Sample(metrics, "cellactors_db_commit_duration_seconds_count"));
        Assert.NotNull(ManagementProbe.Sample(metrics, "cellactors_detector_busy_share"));
        Assert.Equal(0, ManagementProbe.Sample(metrics, "cellactors_decoder_queue_length"));

        var batches = ClusterFixture.Frames / ClusterFixture.BatchSize;
        var coordinatorMetrics = coordinator.Metrics() ?? throw new InvalidOperationException("the coordinator's /metrics did not answer");
        Assert.Equal(batches, ManagementProbe.Sample(coordinatorMetrics, "cellactors_batches_completed_total"));
        Assert.True(ManagementProbe.Sample(coordinatorMetrics, "cellactors_batches_leased_total") >= batches, coordinatorMetrics);
        Assert.Equal(0, ManagementProbe.Sample(coordinatorMetrics, "cellactors_batches_in_flight", "job=\"synth\""));
        Assert.NotNull(ManagementProbe.Sample(coordinatorMetrics, "cellactors_journal_write_duration_seconds_count"));

        // Leaving (SIGTERM: the node leaves the cluster, then stops): readiness 503 while it goes, liveness still answers.
        node.Signal("TERM");
        var seen = new List<int?>();
        WaitUntil(() =>
        {
            var s = worker.Status("health/ready");
            seen.Add(s);
            return s is 503 or null;
        }, cluster, "the leaving worker's readiness to drop");
        Assert.True(seen[^1] == 503, $"the worker's endpoint closed before it answered 503 (statuses seen: {string.Join(", ", seen)})\n{node.Output}");
        Assert.True(node.WaitForExit(TimeSpan.FromMinutes(1)), "the worker did not stop after SIGTERM");
        Assert.True(node.ExitCode == 0, $"a worker stopped by SIGTERM leaves gracefully and exits 0, not {node.ExitCode}\n{node.Output}");

        // Its JSON log lines parse, each names the node; the decoder's commits name the job and the batch.
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(lines);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(parsed, e => Assert.StartsWith("worker@127.0.0.1:", e.GetProperty("node").GetString(), StringComparison.Ordinal));
        var commits = parsed.Where(e => e.GetProperty("message").GetString()!.StartsWith("committed batch", StringComparison.Ordinal)).ToList();
        Assert.Equal(batches, commits.Count);
        Assert.All(commits, e => Assert.Equal("synth", e.GetProperty("job").GetString()));
        Assert.Equal(Enumerable.Range(0, batches).Select(i => (long)i), commits.Select(e => e.GetProperty("batch").GetInt64()).Order());
        Assert.All(commits, e => Assert.DoesNotMatch(":0$", e.GetProperty("node").GetString())); // named by its real address once known
    }
}
