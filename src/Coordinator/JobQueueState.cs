using CellActors.Messages;

namespace CellActors.Coordinator;

/// <summary>
/// The cluster job manager's event-sourced state and its pure decisions: the jobs submitted, in order, and whether
/// each is running, paused, cancelled or finished. The active job (the one workers' demand goes to) is the oldest
/// running one: jobs run one after another in submission order, a paused job lets the next one run.
/// </summary>
public sealed class JobQueueState
{
    private readonly List<Entry> _jobs = [];

    /// <summary>A job the manager knows.</summary>
    public sealed record Entry(StartJob Command, DateTimeOffset SubmittedAt, string State)
    {
        /// <summary>The job id.</summary>
        public string JobId => Command.JobId;

        /// <summary>True while the job may still be worked on (running or paused).</summary>
        public bool Open => State is "running" or "paused";
    }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<Entry> Jobs => _jobs;

    /// <summary>The job workers' demand goes to: the oldest running job, or null.</summary>
    public string? Active => _jobs.FirstOrDefault(j => j.State == "running")?.JobId;

    /// <summary>The entry of a job, or null.</summary>
    public Entry? Find(string jobId) => _jobs.FirstOrDefault(j => j.JobId == jobId);

    /// <summary>The state a console shows: a running job that is not the active one is queued.</summary>
    public string DisplayState(string jobId) => Find(jobId) switch
    {
        null => "unknown",
        { State: "running" } e when e.JobId != Active => "queued",
        { } e => e.State,
    };

    /// <summary>Applies one persisted event.</summary>
    public void Apply(IEvent e)
    {
        switch (e)
        {
            case JobSubmitted s:
                var i = _jobs.FindIndex(j => j.JobId == s.Command.JobId);
                if (i >= 0) _jobs[i] = _jobs[i] with { Command = s.Command, State = "running" };
                else _jobs.Add(new Entry(s.Command, s.At, "running"));
                break;
            case JobPaused p:
                Set(p.JobId, "paused");
                break;
            case JobResumed r:
                Set(r.JobId, "running");
                break;
            case JobCancelled c:
                Set(c.JobId, "cancelled");
                break;
            case JobFinished f:
                Set(f.JobId, "completed");
                break;
        }
    }

    private void Set(string jobId, string state)
    {
        var i = _jobs.FindIndex(j => j.JobId == jobId);
        if (i >= 0) _jobs[i] = _jobs[i] with { State = state };
    }

    /// <summary>The event a pause, resume or cancel command should persist, or the reason it is refused.</summary>
    public (IEvent? Event, string? Refusal) DecideControl(ICommand command, DateTimeOffset now)
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
        if (!entry.Open) return (null, $"job '{jobId}' is {entry.State}: it cannot be {wanted}d");
        return wanted switch
        {
            "pause" when entry.State == "paused" => (null, $"job '{jobId}' is already paused"),
            "resume" when entry.State == "running" => (null, $"job '{jobId}' is not paused"),
            "pause" => (new JobPaused(jobId, now), null),
            "resume" => (new JobResumed(jobId, now), null),
            _ => (new JobCancelled(jobId, now), null),
        };
    }
}
