using CellActors.Messages;
using Xunit;

namespace CellActors.Coordinator.Tests;

/// <summary>The coordinator's pure state: batching, leasing, requeueing, completion, snapshots.</summary>
public sealed class JobCoordinatorStateSpecs
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-24T10:00:00Z");
    private static readonly PipelineSettings Settings = new("median:3", "default");

    private static JobCoordinatorState Started(long frames, int batchSize)
    {
        var s = new JobCoordinatorState();
        s.Apply(new JobStarted("j", "/src", Settings, "fp", frames, batchSize, T0));
        s.Apply(new RunStarted("j", 1, T0));
        return s;
    }

    private static void ApplyAll(JobCoordinatorState s, IEnumerable<IPersistedEvent> events)
    {
        foreach (var e in events) { s.Apply(e); s.Compact(); }
    }

    [Fact]
    public void Batches_cover_the_manifest_exactly()
    {
        var s = Started(frames: 21, batchSize: 8);
        Assert.Equal(3, s.BatchCount);
        Assert.Equal([0L, 8L, 16L], new[] { 0L, 1L, 2L }.Select(s.FirstFrame));
        Assert.Equal([8, 8, 5], new[] { 0L, 1L, 2L }.Select(s.FramesIn));
    }

    [Fact]
    public void Leases_respect_demand_and_the_global_cap_and_never_repeat()
    {
        var s = Started(frames: 100, batchSize: 10);
        var leases = s.DecideLeases([("a", 3), ("b", 3)], maxInFlight: 4, T0);
        Assert.Equal([0L, 1L, 2L, 3L], leases.Select(l => l.BatchId));
        Assert.Equal(["a", "a", "a", "b"], leases.Select(l => l.WorkerId));
        ApplyAll(s, leases);
        Assert.Empty(s.DecideLeases([("b", 5)], maxInFlight: 4, T0));
        var more = s.DecideLeases([("b", 5)], maxInFlight: 6, T0);
        Assert.Equal([4L, 5L], more.Select(l => l.BatchId));
    }

    [Fact]
    public void A_lost_workers_batches_are_sent_again_first_each_alone_on_an_idle_node()
    {
        var s = Started(frames: 50, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 2), ("b", 1)], 10, T0));
        var released = s.DecideWorkerLost("a");
        Assert.Equal([0L, 1L], released.Select(r => r.BatchId));
        ApplyAll(s, released);
        Assert.Empty(s.DecideLeases([("b", 3)], 10, T0)); // b is busy: it drains before it takes a suspect
        var next = s.DecideLeases([("c", 3), ("d", 3)], 10, T0);
        Assert.Equal([0L, 1L], next.Select(l => l.BatchId)); // one suspect per idle node, nothing else beside it
        Assert.Equal(["c", "d"], next.Select(l => l.WorkerId));
        ApplyAll(s, next);
        Assert.Empty(s.DecideLeases([("c", 3), ("d", 3)], 10, T0));
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", 0, 10, 0, 0), T0));
        Assert.Equal([3L, 4L], s.DecideLeases([("c", 2)], 10, T0).Select(l => l.BatchId)); // no suspect waits: c works as usual
    }

    [Fact]
    public void Every_lease_is_an_attempt_and_a_batch_that_keeps_failing_is_bisected_until_the_frame_failing_alone_is_given_up()
    {
        const string W = "akka.tcp://cellactors@10.0.0.5:4055/user/detector-0#17";
        var s = Started(frames: 12, batchSize: 4);
        var first = s.DecideLeases([(W, 1)], 10, T0, maxAttempts: 2);
        Assert.Equal([0L], first.Select(l => l.BatchId));
        ApplyAll(s, first);
        ApplyAll(s, s.DecideWorkerLost(W)); // attempt 1: the worker died with it
        ApplyAll(s, s.DecideLeases([(W, 1)], 10, T0, maxAttempts: 2));
        s.Apply(new RunStarted("j", 2, T0)); // attempt 2: the whole process was killed
        Assert.Equal(2, s.Attempts(0));
        Assert.DoesNotContain(s.DecideLeases([(W, 4)], 10, T0, maxAttempts: 2), l => l.BatchId == 0); // never leased a third time

        var bisect = s.DecideExhausted(2, out var giveUp);
        Assert.Empty(giveUp);
        Assert.Equal([0L], bisect.Select(b => b.BatchId));
        Assert.Contains("stopped", bisect[0].Reason);
        ApplyAll(s, bisect);
        var halves = new[] { BatchParts.Id(0, 2), BatchParts.Id(2, 2) };
        Assert.Equal(halves.Order(), s.OpenParts.Order());
        Assert.Equal([0L, 2L], halves.Select(s.FirstFrame));

        // Both halves go out (new parts are not suspect); the first commits, the second (frame 3 kills its process) fails twice.
        var parts = s.DecideLeases([(W, 2)], 10, T0, maxAttempts: 2);
        Assert.Equal(halves, parts.Select(l => l.BatchId));
        ApplyAll(s, parts);
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", halves[0], 2, 5, 0), T0));
        Assert.False(s.IsCompleted(0));
        ApplyAll(s, s.DecideWorkerLost(W));
        ApplyAll(s, s.DecideLeases([(W, 1)], 10, T0, maxAttempts: 2));
        ApplyAll(s, s.DecideExpired(T0.AddHours(1), TimeSpan.FromMinutes(10)));
        ApplyAll(s, s.DecideExhausted(2, out giveUp));
        Assert.Empty(giveUp);
        var singles = new[] { BatchParts.Id(2, 1), BatchParts.Id(3, 1) };
        Assert.Equal(singles.Order(), s.OpenParts.Order());

        ApplyAll(s, s.DecideLeases([(W, 2)], 10, T0, maxAttempts: 2));
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", singles[0], 1, 2, 0), T0));
        ApplyAll(s, s.DecideWorkerLost(W));
        ApplyAll(s, s.DecideLeases([(W, 1)], 10, T0, maxAttempts: 2));
        ApplyAll(s, s.DecideWorkerLost(W));
        Assert.Empty(s.DecideExhausted(2, out giveUp));
        Assert.Equal([singles[1]], giveUp); // frame 3 alone failed twice: it is given up (an errors row), not bisected
        Assert.Equal(3, s.FirstFrame(giveUp[0]));

        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", singles[1], 0, 0, 1), T0));
        Assert.True(s.IsCompleted(0));
        Assert.Empty(s.OpenParts);
        Assert.Equal(4, s.FramesDone);
        Assert.Equal(1, s.BatchesDone);
        Assert.Equal([1L, 2L], s.DecideLeases([(W, 2)], 10, T0, maxAttempts: 2).Select(l => l.BatchId));
    }

    [Fact]
    public void The_last_part_of_the_last_batch_completes_the_job()
    {
        var s = Started(frames: 2, batchSize: 2);
        ApplyAll(s, s.DecideLeases([("a", 1)], 10, T0));
        s.Apply(new RunStarted("j", 2, T0));
        ApplyAll(s, s.DecideExhausted(1, out _));
        var parts = s.DecideLeases([("a", 2)], 10, T0, maxAttempts: 1);
        ApplyAll(s, parts);
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", parts[0].BatchId, 1, 0, 0), T0));
        var last = s.DecideCommitted(new BatchRowsCommitted("j", parts[1].BatchId, 1, 0, 0), T0);
        Assert.IsType<JobCompleted>(last[^1]);
        ApplyAll(s, last);
        Assert.True(s.Completed);
        Assert.Equal(2, s.FramesDone);
    }

    [Fact]
    public void Attempts_and_open_parts_survive_a_snapshot_and_a_v1_snapshot_still_restores()
    {
        var s = Started(frames: 40, batchSize: 8);
        ApplyAll(s, s.DecideLeases([("a", 3)], 10, T0));
        s.Apply(new RunStarted("j", 2, T0));
        ApplyAll(s, [new BatchBisected(1, 3, "test")]);
        var snapshot = s.ToSnapshot();
        var r = new JobCoordinatorState();
        r.Restore(snapshot);
        Assert.Equal(1, r.Attempts(0));
        Assert.Equal(1, r.Attempts(2));
        Assert.Equal(0, r.Attempts(1));
        Assert.Equal(s.OpenParts.Order(), r.OpenParts.Order());
        Assert.Equal([0L], r.DecideLeases([("b", 4)], 10, T0).Select(l => l.BatchId)); // batch 0 was leased before: alone

        var v1 = new JobCoordinatorState();
        v1.Restore(new JobSnapshot("j", "/src", Settings, "fp", 40, 8, snapshot.CompletedBatches, 0, 2, false));
        Assert.Equal(0, v1.Attempts(0));
        Assert.Equal([0L, 1L, 2L], v1.DecideLeases([("b", 3)], 10, T0).Select(l => l.BatchId));
    }

    [Theory]
    [InlineData("akka.tcp://cellactors@10.0.0.5:4055/user/detector-0#17", "akka.tcp://cellactors@10.0.0.5:4055")]
    [InlineData("akka://cellactors/user/detector-1#99", "akka://cellactors")]
    [InlineData("w1", "w1")]
    public void A_workers_node_is_its_address(string worker, string node) => Assert.Equal(node, JobCoordinatorState.NodeOf(worker));

    [Fact]
    public void Part_ids_name_their_frames_and_never_meet_a_batch_id()
    {
        var id = BatchParts.Id(1_000_000, 3);
        Assert.True(id < 0);
        Assert.Equal(1_000_000, BatchParts.First(id));
        Assert.Equal(3, BatchParts.Count(id));
        Assert.Equal("frames 1000000..1000002 of batch 125000", BatchParts.Describe(id, 8));
        Assert.NotEqual(BatchParts.Id(0, 1), BatchParts.Id(1, 1));
    }

    [Fact]
    public void Expired_leases_are_released()
    {
        var s = Started(frames: 30, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 1)], 10, T0));
        ApplyAll(s, s.DecideLeases([("a", 1)], 10, T0.AddMinutes(9)));
        var expired = s.DecideExpired(T0.AddMinutes(10.5), TimeSpan.FromMinutes(10));
        Assert.Equal([0L], expired.Select(e => e.BatchId));
    }

    [Fact]
    public void Completion_counts_frames_once_and_ends_the_job_at_the_last_batch()
    {
        var s = Started(frames: 25, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 3)], 10, T0));
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", 2, 5, 7, 0), T0));
        Assert.Empty(s.DecideCommitted(new BatchRowsCommitted("j", 2, 5, 7, 0), T0)); // duplicate delivery
        Assert.Equal(5, s.FramesDone);
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", 0, 10, 1, 0), T0));
        var last = s.DecideCommitted(new BatchRowsCommitted("j", 1, 10, 1, 0), T0);
        Assert.Equal([typeof(BatchCompleted), typeof(JobCompleted)], last.Select(e => e.GetType()));
        ApplyAll(s, last);
        Assert.True(s.Completed);
        Assert.Equal(25, s.FramesDone);
        Assert.Empty(s.DecideLeases([("a", 5)], 10, T0));
    }

    [Fact]
    public void A_new_run_voids_old_leases_and_resends_them_before_new_batches()
    {
        var s = Started(frames: 60, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 3)], 10, T0));
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", 1, 10, 0, 0), T0));
        s.Apply(new RunStarted("j", 2, T0));
        Assert.Empty(s.Leases);
        var next = s.DecideLeases([("new", 4)], 10, T0);
        Assert.Equal([0L], next.Select(l => l.BatchId)); // leased before: alone on its node
        ApplyAll(s, next);
        ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", 0, 10, 0, 0), T0));
        Assert.Equal([2L], s.DecideLeases([("new", 4)], 10, T0).Select(l => l.BatchId));
    }

    [Fact]
    public void Snapshot_restores_the_same_progress()
    {
        var s = Started(frames: 1003, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 40)], 100, T0));
        foreach (var b in new long[] { 0, 3, 39, 100 })
            ApplyAll(s, s.DecideCommitted(new BatchRowsCommitted("j", b, s.FramesIn(b), 0, 0), T0));
        var r = new JobCoordinatorState();
        r.Restore(s.ToSnapshot());
        Assert.Equal(s.FramesDone, r.FramesDone);
        Assert.Equal(10 + 10 + 10 + 3, r.FramesDone);
        Assert.Equal(s.BatchesDone, r.BatchesDone);
        Assert.True(r.IsCompleted(100));
        Assert.False(r.IsCompleted(1));
        Assert.Equal(s.Fingerprint, r.Fingerprint);
    }

    [Fact]
    public void A_changed_configuration_is_refused_and_the_same_resumes()
    {
        var s = Started(frames: 10, batchSize: 5);
        Assert.Equal("resume", s.DecideStart(new StartJob("j", "/src", Settings, 5, "fp")).Kind.StoredName());
        var d = s.DecideStart(new StartJob("j", "/src", Settings, 5, "other"));
        Assert.Equal("reject", d.Kind.StoredName());
        Assert.Contains("--force", d.Reason);
        Assert.Equal("discover", new JobCoordinatorState().DecideStart(new StartJob("j", "/src", Settings, 5, "fp")).Kind.StoredName());
    }

    [Fact]
    public void Replaying_the_same_events_gives_the_same_state()
    {
        var history = new List<IPersistedEvent> { new JobStarted("j", "/s", Settings, "fp", 40, 10, T0), new RunStarted("j", 1, T0) };
        var live = new JobCoordinatorState();
        ApplyAll(live, history);
        var leases = live.DecideLeases([("a", 4)], 4, T0);
        ApplyAll(live, leases); history.AddRange(leases);
        var done = live.DecideCommitted(new BatchRowsCommitted("j", 2, 10, 0, 0), T0);
        ApplyAll(live, done); history.AddRange(done);
        var replayed = new JobCoordinatorState();
        ApplyAll(replayed, history);
        Assert.Equal(live.FramesDone, replayed.FramesDone);
        Assert.Equal(live.Leases.Keys.Order(), replayed.Leases.Keys.Order());
        Assert.Equal(live.ToSnapshot().CompletedBatches, replayed.ToSnapshot().CompletedBatches);
    }

    [Fact]
    public void Start_decisions_keep_the_names_they_had_as_strings() =>
        Assert.Equal(["discover", "resume", "complete", "reject"], StoredNames.All<StartDecisionKind>().Select(k => k.Name));
}
