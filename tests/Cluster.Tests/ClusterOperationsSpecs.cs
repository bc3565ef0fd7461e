using System.Text.RegularExpressions;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// The operator's cluster commands and node shapes, as separate OS processes on 127.0.0.1 with MariaDB: a worker drained
/// with <c>cluster leave</c> mid-job, a frozen (SIGSTOP) worker removed with <c>cluster down</c>, and a detector-only node
/// feeding a decoder-only node that joins after the job started. Each ends with the one-process run's tables, every
/// frame written once, and no batch committed before the operation processed again.
/// </summary>
public sealed partial class ClusterOperationsSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private string NewDatabase() => fixture.Db.Url(fixture.Db.CreateDatabase("ops"));

    private static string Address(int port) => $"akka.tcp://cellactors@127.0.0.1:{port}";

    /// <summary>The member line of <paramref name="address"/> in <c>cluster show</c>, or null when it is not listed.</summary>
    private static string? MemberLine(string show, string address) =>
        show.Split('\n').FirstOrDefault(l => l.StartsWith(address + " ", StringComparison.Ordinal));

    [MariaDbFact]
    public void Cluster_leave_drains_a_worker_mid_job_and_the_other_worker_finishes_with_the_same_tables()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        var leaverPort = FreePort.Next();
        var leaver = cluster.StartWorker(minBatchMs: 1000, port: leaverPort); // paced: 60 batches take the pair 30 s
        var stayer = cluster.StartWorker(minBatchMs: 1000);
        cluster.WaitForDetectors(2);

        // cluster show: the members with their roles, and where the coordinator singleton runs.
        var (showCode, show) = cluster.Console("cluster", "show");
        Assert.True(showCode == 0, show);
        Assert.Contains($"coordinator singleton (oldest up coordinator node): {Address(cluster.CoordinatorPort)}", show);
        Assert.Contains($"coordinator answers from {Address(cluster.CoordinatorPort)}: active job none, 2 detectors registered", show);
        Assert.Contains("detector,worker", MemberLine(show, Address(leaverPort)) ?? $"(not listed)\n{show}");

        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);
        WaitUntil(() => LocalCluster.Committed(leaver).Count >= 2 && LocalCluster.Committed(stayer).Count >= 2, cluster, "both workers to commit batches");

        var (leaveCode, left) = cluster.Console("cluster", "leave", $"127.0.0.1:{leaverPort}");
        var committedAtLeave = CommittedIds(store);
        output.WriteLine($"{left.Trim()} with {committedAtLeave.Count} batches committed");
        Assert.True(leaveCode == 0, $"{left}\n{cluster.Logs()}");
        Assert.Matches($"leave: {Regex.Escape(Address(leaverPort))} is now (Leaving|Exiting|Removed)", left);
        Assert.False(Completed(store), $"the job finished before the worker left ({CommittedBatches(store)} batches): make it longer\n{cluster.Logs()}");

        Assert.True(leaver.WaitForExit(TimeSpan.FromSeconds(60)), $"the worker that left did not exit\n{cluster.Logs()}");
        output.WriteLine($"{leaver.Name} exited with code {leaver.ExitCode}");
        WaitUntil(() => Completed(store), cluster, "the job to complete after the worker left");

        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output, committedAtLeave);
        Assert.Contains(LocalCluster.Committed(stayer), b => !committedAtLeave.Contains(b)); // the stayer took over
        var (afterCode, after) = cluster.Console("cluster", "show");
        Assert.True(afterCode == 0, after);
        Assert.Null(MemberLine(after, Address(leaverPort)));
        Assert.Contains("1 detectors registered", after);
    }

    [MariaDbFact]
    public void Cluster_down_removes_a_frozen_worker_its_batches_are_sent_again_and_the_job_ends_with_the_same_tables()
    {
        var db = NewDatabase();
        // The split brain resolver would down the frozen node by itself after stable-after: make it wait far longer than
        // the test, so only the operator's `cluster down` can remove it.
        using var cluster = new LocalCluster(db, new Dictionary<string, string> { ["CELLACTORS_SBR_STABLE_AFTER"] = "10m" });
        cluster.StartCoordinator();
        var frozenPort = FreePort.Next();
        // 800 ms a batch: the job (60 batches on two workers) lasts well past the freeze even on a loaded machine (at 300 ms
        // CI once froze the worker after all 60 batches were in).
        var frozen = cluster.StartWorker(minBatchMs: 800, port: frozenPort);
        var healthy = cluster.StartWorker(minBatchMs: 800);
        cluster.WaitForDetectors(2);
        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);
        WaitUntil(() => LocalCluster.Committed(frozen).Count >= 2 && LocalCluster.Committed(healthy).Count >= 2, cluster, "both workers to commit batches");

        frozen.Freeze(); // SIGSTOP: alive, holding its leases, answering nothing
        var committedAtFreeze = CommittedIds(store);
        output.WriteLine($"froze {frozen.Name} (pid {frozen.Pid}) with {committedAtFreeze.Count} batches committed");
        Assert.True(committedAtFreeze.Count < ClusterFixture.Frames / ClusterFixture.BatchSize, "the job was complete before the worker could be frozen");

        string show = "";
        WaitUntil(() =>
        {
            var (code, text) = cluster.Console("cluster", "show");
            show = text;
            return code == 0 && MemberLine(text, Address(frozenPort)) is { } line && Regex.IsMatch(line, @"\s(Up|WeaklyUp)\s+no\s");
        }, cluster, "the frozen worker to be reported unreachable", TimeSpan.FromMinutes(2));
        output.WriteLine(show);
        Assert.False(Completed(store), $"the job finished before the frozen worker was downed\n{cluster.Logs()}");

        var (downCode, downed) = cluster.Console("cluster", "down", Address(frozenPort));
        output.WriteLine(downed.Trim());
        Assert.True(downCode == 0, $"{downed}\n{cluster.Logs()}");
        Assert.Matches($"down: {Regex.Escape(Address(frozenPort))} is now (Down|Removed)", downed);

        // Downing requeues its leases at once (not after the lease timeout)...
        WaitUntil(() => cluster.Coordinator!.Output.Contains("is gone: sending", StringComparison.Ordinal), cluster,
            "the coordinator to send the downed worker's batches again", TimeSpan.FromMinutes(1));
        // ...and then the operator kills the frozen process, as the runbook says: a stopped process may hold an open
        // results transaction, whose row locks block other writers until its connection closes.
        frozen.Kill9();
        WaitUntil(() => Completed(store), cluster, "the job to complete after the frozen worker was downed");
        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output, committedAtFreeze);
        Assert.Contains(LocalCluster.Committed(healthy), b => !committedAtFreeze.Contains(b));
        var (afterCode, after) = cluster.Console("cluster", "show");
        Assert.True(afterCode == 0, after);
        Assert.Null(MemberLine(after, Address(frozenPort)));
        Assert.True(frozen.HasExited);
    }

    [MariaDbFact]
    public void A_detector_only_node_feeds_a_decoder_only_node_that_joins_after_the_job_started()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        var detectors = cluster.StartWorker(minBatchMs: 100, detectors: 1, decoders: 0);
        cluster.WaitForDetectors(1);
        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);

        // No decoder node yet: the detector's segmented batches must be held, not dropped to dead letters.
        WaitUntil(() => detectors.Output.Contains("no decoder node is up: holding", StringComparison.Ordinal), cluster, "the detector node to hold its first batch");
        Thread.Sleep(2000); // a few more batches segmented while no decoder exists
        Assert.Equal(0, CommittedBatches(store));

        var decoders = cluster.StartWorker(detectors: 0, decoders: 1);
        WaitUntil(() => Completed(store), cluster, "the job to complete once the decoder node joined", TimeSpan.FromMinutes(3));
        Assert.Contains("a decoder node is up: handing over", detectors.Output);

        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output, new HashSet<long>());
        Assert.Empty(LocalCluster.Committed(detectors)); // it has no decoder: every row was written by the decoder node
        // A batch is committed in the database before the node logs it: wait for the last log lines (failed once
        // reading 57 of 60 right after the job completed).
        var batches = ClusterFixture.Frames / ClusterFixture.BatchSize;
        WaitUntil(() => LocalCluster.Committed(decoders).Count >= batches, cluster, "the decoder node to log its last commits", TimeSpan.FromSeconds(30));
        Assert.Equal(batches, LocalCluster.Committed(decoders).Count);
        Assert.Empty(LocalCluster.Discarded(decoders));
    }
}
