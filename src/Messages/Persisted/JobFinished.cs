namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job's coordinator reported every batch completed.</summary>
[Manifest("job-finished.v1")]
public sealed record JobFinished(string JobId, DateTimeOffset At) : IPersistedEvent;
