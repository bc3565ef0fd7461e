namespace CellActors.Messages;

// The cluster's job manager (a cluster singleton on the coordinator role) and its console commands.

// ---- commands (console -> job manager) ----

/// <summary>Stops handing out batches of a job; batches already out finish and are committed.</summary>
public sealed record PauseJob(string JobId) : ICommand;

/// <summary>Hands out a paused job's batches again.</summary>
public sealed record ResumeJob(string JobId) : ICommand;

/// <summary>Ends a job for good: no more batches are handed out; committed rows stay.</summary>
public sealed record CancelJob(string JobId) : ICommand;

/// <summary>A worker (detector) should announce its free slots again: the job it was asking for changed, or the coordinator moved.</summary>
public sealed record AnnounceCapacity(string Reason) : ICommand;

// ---- queries and answers ----

/// <summary>Asks the job manager for one job's state and counts.</summary>
public sealed record GetJobStatus(string JobId) : IQuery;

/// <summary>Asks the job manager for every job it knows, oldest first.</summary>
public sealed record ListJobs(bool IncludeFinished) : IQuery;

/// <summary>A job as the job manager sees it. <paramref name="State"/>: queued, running, paused, completed, cancelled.
/// <paramref name="Detectors"/>: the provider of each detector registered with the manager (<c>cpu</c>, <c>cuda:N</c>), for every job;
/// <paramref name="Segmenter"/>: the job's segmentation setting.</summary>
public sealed record JobStatus(
    string JobId, string State, string Source, long FrameCount, long FramesDone, long FramesWithCells, long Objects, long Errors,
    double FramesPerSecond, int Runs, IReadOnlyList<string>? Detectors = null, string? Segmenter = null) : IQuery;

/// <summary>Answer to <see cref="ListJobs"/>.</summary>
public sealed record JobList(IReadOnlyList<JobStatus> Jobs) : IQuery;

/// <summary>Asks the job manager where it runs and what it serves.</summary>
public sealed record GetCoordinatorInfo : IQuery;

/// <summary>Answer to <see cref="GetCoordinatorInfo"/>: the singleton's node address, the job being worked on and the detectors known,
/// with the provider of each (<paramref name="Providers"/>, in the order of <paramref name="WorkerIds"/>).</summary>
public sealed record CoordinatorInfo(string Address, string? ActiveJob, int Workers, IReadOnlyList<string> WorkerIds, IReadOnlyList<string>? Providers = null) : IQuery;

/// <summary>
/// Asks the job manager for a job's live load: its state and, for every detector it knows, the job's batches the
/// detector holds, its capacity and its recent throughput (what the dashboard shows per cluster member).
/// </summary>
public sealed record GetJobLoad(string JobId) : IQuery;

/// <summary>One detector's load in a <see cref="JobLoad"/>.</summary>
/// <param name="WorkerId">The detector (as in <see cref="RequestWork"/>).</param>
/// <param name="Address">Its node's address (<c>akka.tcp://cellactors@host:port</c>).</param>
/// <param name="BatchesInFlight">Batches of the job leased to it and not yet committed.</param>
/// <param name="Capacity">Batches it holds at most (the most it ever asked for at once).</param>
/// <param name="FramesPerSecond">Frames of its batches committed per second over the last 30 s.</param>
public sealed record WorkerLoad(string WorkerId, string Address, int BatchesInFlight, int Capacity, double FramesPerSecond);

/// <summary>Answer to <see cref="GetJobLoad"/>. <paramref name="State"/> as in <see cref="JobStatus"/>.</summary>
public sealed record JobLoad(string JobId, string State, IReadOnlyList<WorkerLoad> Workers) : IQuery;

/// <summary>A request the job manager could not carry out (unknown job, job already finished...).</summary>
public sealed record JobCommandRefused(string JobId, string Reason) : IQuery;

// ---- events ----

/// <summary>The job manager saw a worker for the first time: the worker watches the sender (and announces its capacity again if it dies).</summary>
public sealed record WorkerRegistered(string CoordinatorAddress) : IEvent;

/// <summary>Persisted by the job manager: a job was accepted (its command is kept so a restarted manager resumes it).</summary>
public sealed record JobSubmitted(StartJob Command, DateTimeOffset At) : IEvent;

/// <summary>Persisted by the job manager: a job was paused.</summary>
public sealed record JobPaused(string JobId, DateTimeOffset At) : IEvent;

/// <summary>Persisted by the job manager: a paused job was resumed.</summary>
public sealed record JobResumed(string JobId, DateTimeOffset At) : IEvent;

/// <summary>Persisted by the job manager: a job was cancelled.</summary>
public sealed record JobCancelled(string JobId, DateTimeOffset At) : IEvent;

/// <summary>Persisted by the job manager: a job's coordinator reported every batch completed.</summary>
public sealed record JobFinished(string JobId, DateTimeOffset At) : IEvent;
