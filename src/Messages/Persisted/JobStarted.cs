namespace CellActors.Messages;

/// <summary>Persisted: the job's manifest was written and its configuration fixed.</summary>
[Manifest("job-started.v1")]
public sealed record JobStarted(string JobId, string Source, PipelineSettings Settings, string Fingerprint, long FrameCount, int BatchSize, DateTimeOffset At) : IPersistedEvent;
