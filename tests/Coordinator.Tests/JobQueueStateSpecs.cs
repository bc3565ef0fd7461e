using CellActors.Messages;
using Xunit;

namespace CellActors.Coordinator.Tests;

/// <summary>The cluster job manager's pure state: job order, the active job, pause/resume/cancel decisions.</summary>
public sealed class JobQueueStateSpecs
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-24T10:00:00Z");

    private static StartJob Job(string id) => new(id, "/data/" + id, new PipelineSettings("median:3", "default"), 8, "fp-" + id);

    [Fact]
    public void Jobs_run_one_after_another_and_a_paused_job_lets_the_next_one_run()
    {
        var s = new JobQueueState();
        s.Apply(new JobSubmitted(Job("a"), Now));
        s.Apply(new JobSubmitted(Job("b"), Now));
        Assert.Equal("a", s.Active);
        Assert.Equal("queued", s.DisplayState("b").StoredName());

        var (pause, refused) = s.DecideControl(new PauseJob("a"), Now);
        Assert.Null(refused);
        s.Apply(pause!);
        Assert.Equal("b", s.Active);
        Assert.Equal("paused", s.DisplayState("a").StoredName());

        s.Apply(new JobFinished("b", Now));
        Assert.Null(s.Active);
        s.Apply(s.DecideControl(new ResumeJob("a"), Now).Event!);
        Assert.Equal("a", s.Active);
        Assert.Equal("completed", s.DisplayState("b").StoredName());
    }

    [Fact]
    public void Control_commands_are_refused_with_a_reason_when_they_do_not_apply()
    {
        var s = new JobQueueState();
        Assert.Contains("no job 'x'", s.DecideControl(new PauseJob("x"), Now).Refusal);
        s.Apply(new JobSubmitted(Job("a"), Now));
        Assert.Contains("not paused", s.DecideControl(new ResumeJob("a"), Now).Refusal);
        s.Apply(s.DecideControl(new CancelJob("a"), Now).Event!);
        Assert.Equal("cancelled", s.DisplayState("a").StoredName());
        Assert.Null(s.Active);
        Assert.Contains("cancelled", s.DecideControl(new PauseJob("a"), Now).Refusal);
    }

    [Fact]
    public void Replaying_the_events_gives_the_same_state()
    {
        var events = new IPersistedEvent[] { new JobSubmitted(Job("a"), Now), new JobSubmitted(Job("b"), Now), new JobPaused("a", Now), new JobCancelled("b", Now) };
        var s = new JobQueueState();
        foreach (var e in events) s.Apply(e);
        Assert.Equal(["paused", "cancelled"], s.Jobs.Select(j => j.State.StoredName()));
        Assert.Equal("fp-a", s.Find("a")!.Command.Fingerprint);
        Assert.True(s.Find("a")!.Open);
        Assert.False(s.Find("b")!.Open);
    }
}
