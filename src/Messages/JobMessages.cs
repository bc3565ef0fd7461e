namespace CellActors.Messages;

// ---- commands ----

/// <summary>Starts (or resumes) a job. <paramref name="Fingerprint"/> is the canonical configuration; a job that exists with another fingerprint is refused.</summary>
public sealed record StartJob(string JobId, string Source, PipelineSettings Settings, int BatchSize, string Fingerprint) : ICommand;

/// <summary>A worker (detector) asks for up to <paramref name="Slots"/> more batches. <paramref name="Provider"/>: the device its
/// models run on (<c>cpu</c>, <c>cuda:N</c>), for status; null from workers older than that field (shown as unknown).</summary>
public sealed record RequestWork(string WorkerId, int Slots, string? Provider = null) : ICommand;

/// <summary>The coordinator leases a batch of frames to a detector.</summary>
public sealed record ProcessBatch(string JobId, int RunId, long BatchId, PipelineSettings Settings, IReadOnlyList<FrameRef> Frames) : ICommand;

/// <summary>A detector hands a segmented batch to a decoder, which measures and writes it.</summary>
public sealed record DecodeBatch(string JobId, int RunId, long BatchId, IReadOnlyList<SegmentedFrame> Frames, IReadOnlyList<FrameFailure> Failures) : ICommand;

// ---- events (persisted: never change a shape, add a V2 record instead) ----

/// <summary>Persisted: the job's manifest was written and its configuration fixed.</summary>
public sealed record JobStarted(string JobId, string Source, PipelineSettings Settings, string Fingerprint, long FrameCount, int BatchSize, DateTimeOffset At) : IEvent;

/// <summary>Persisted when a process (re)starts a job: leases held by an earlier process are void.</summary>
public sealed record RunStarted(string JobId, int RunId, DateTimeOffset At) : IEvent;

/// <summary>Persisted before a batch is sent to a worker.</summary>
public sealed record BatchLeased(long BatchId, string WorkerId, DateTimeOffset At) : IEvent;

/// <summary>Persisted when a lease is given up (worker lost, lease timed out, batch failed) so the batch is sent again.</summary>
public sealed record BatchReleased(long BatchId, string Reason) : IEvent;

/// <summary>Persisted only after the batch's rows are committed.</summary>
public sealed record BatchCompleted(long BatchId, int Frames, int Objects, int Errors) : IEvent;

/// <summary>Persisted once every batch is completed.</summary>
public sealed record JobCompleted(string JobId, DateTimeOffset At) : IEvent;

/// <summary>A decoder committed a batch's rows (idempotently). The coordinator then persists <see cref="BatchCompleted"/>.</summary>
public sealed record BatchCommitted(string JobId, long BatchId, int Frames, int Objects, int Errors) : IEvent;

/// <summary>A batch could not be processed or written as a whole (not a bad frame: those are <see cref="FrameFailure"/>s).</summary>
public sealed record BatchFailed(string JobId, long BatchId, string Reason) : IEvent;

/// <summary>The coordinator accepted a <see cref="StartJob"/>.</summary>
public sealed record JobAccepted(string JobId, long FrameCount, long FramesDone, bool Resumed) : IEvent;

/// <summary>The coordinator refused a <see cref="StartJob"/> (e.g. changed configuration, no input).</summary>
public sealed record JobRejected(string JobId, string Reason) : IEvent;

// ---- queries ----

/// <summary>Asks the coordinator for its in-memory progress.</summary>
public sealed record GetJobProgress(string JobId) : IQuery;

/// <summary>Answer to <see cref="GetJobProgress"/>. <paramref name="Detectors"/>: the provider of each detector that asked for work (<c>cpu</c>, <c>cuda:0</c>...);
/// <paramref name="Segmenter"/>: the job's segmentation setting.</summary>
public sealed record JobProgress(string JobId, long FrameCount, long FramesDone, int BatchesInFlight, long BatchesDone, long BatchCount, bool Completed,
    IReadOnlyList<string>? Detectors = null, string? Segmenter = null) : IQuery;

/// <summary>Snapshot of the coordinator's state (persisted every N events).</summary>
public sealed record JobSnapshot(
    string JobId, string Source, PipelineSettings Settings, string Fingerprint, long FrameCount, int BatchSize,
    byte[] CompletedBatches, long FramesDone, int LastRunId, bool Completed) : ICellActorsMessage;
