using CellActors.Messages;

namespace CellActors.Coordinator;

/// <summary>
/// The cluster job manager's event-sourced state and its pure decisions: the jobs submitted, in order, and whether
/// each is running, paused, cancelled or finished. The active job (the one workers' demand goes to) is the oldest
/// running one: jobs run one after another in submission order, a paused job lets the next one run.
/// </summary>
public sealed class JobQueueState
{
    private readonly List<JobQueueEntry> _jobs = [];

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<JobQueueEntry> Jobs => _jobs;

    /// <summary>The job workers' demand goes to: the oldest running job, or null.</summary>
    public string? Active => _jobs.FirstOrDefault(j => j.State == JobPhase.Running)?.JobId;

    /// <summary>The entry of a job, or null.</summary>
    public JobQueueEntry? Find(string jobId) => _jobs.FirstOrDefault(j => j.JobId == jobId);

    /// <summary>The state a console shows: a running job that is not the active one is queued.</summary>
    public JobPhase DisplayState(string jobId) => Find(jobId) switch
    {
        null => JobPhase.Unknown,
        { State: JobPhase.Running } e when e.JobId != Active => JobPhase.Queued,
        { } e => e.State,
    };

    /// <summary>Applies one persisted event.</summary>
    public void Apply(IPersistedEvent e)
    {
        switch (e)
        {
            case JobSubmitted s:
                var i = _jobs.FindIndex(j => j.JobId == s.Command.JobId);
                if (i >= 0) _jobs[i] = _jobs[i] with { Command = s.Command, State = JobPhase.Running };
                else _jobs.Add(new JobQueueEntry(s.Command, s.At, JobPhase.Running));
                break;
            case JobPaused p:
                Set(p.JobId, JobPhase.Paused);
                break;
            case JobResumed r:
                Set(r.JobId, JobPhase.Running);
                break;
            case JobCancelled c:
                Set(c.JobId, JobPhase.Cancelled);
                break;
            case JobFinished f:
                Set(f.JobId, JobPhase.Completed);
                break;
        }
    }

    private void Set(string jobId, JobPhase state)
    {
        var i = _jobs.FindIndex(j => j.JobId == jobId);
        if (i >= 0) _jobs[i] = _jobs[i] with { State = state };
    }

    /// <summary>The event a pause, resume or cancel command should persist, or the reason it is refused.</summary>
    public (IPersistedEvent? Event, string? Refusal) DecideControl(ICommand command, DateTimeOffset now)
    {
        var (jobId, wanted) = command switch
        {
            PauseJob p => (p.JobId, "pause"),
            ResumeJob r => (r.JobId, "resume"),
            CancelJob c => (c.JobId, "cancel"),
            _ => throw new ArgumentException($"not a job control command: {command.GetType().Name}", nameof(command)),
        };
        var entry = Find(jobId);
        if (entry is null) return (null, $"no job '{jobId}' (see `cellactors list`)");
        if (!entry.Open) return (null, $"job '{jobId}' is {entry.State.StoredName()}: it cannot be {wanted}d");
        return command switch
        {
            PauseJob when entry.State == JobPhase.Paused => (null, $"job '{jobId}' is already paused"),
            ResumeJob when entry.State == JobPhase.Running => (null, $"job '{jobId}' is not paused"),
            PauseJob => (new JobPaused(jobId, now), null),
            ResumeJob => (new JobResumed(jobId, now), null),
            _ => (new JobCancelled(jobId, now), null),
        };
    }
}
