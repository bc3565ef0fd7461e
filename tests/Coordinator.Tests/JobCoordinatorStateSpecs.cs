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
    public void A_lost_workers_batches_are_sent_again_first()
    {
        var s = Started(frames: 50, batchSize: 10);
        ApplyAll(s, s.DecideLeases([("a", 2), ("b", 1)], 10, T0));
        var released = s.DecideWorkerLost("a");
        Assert.Equal([0L, 1L], released.Select(r => r.BatchId));
        ApplyAll(s, released);
        var next = s.DecideLeases([("b", 3)], 10, T0);
        Assert.Equal([0L, 1L, 3L], next.Select(l => l.BatchId));
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
        Assert.Equal([0L, 2L, 3L, 4L], next.Select(l => l.BatchId));
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
