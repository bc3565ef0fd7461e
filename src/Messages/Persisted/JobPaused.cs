namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job was paused.</summary>
[Manifest("job-paused.v1")]
public sealed record JobPaused(string JobId, DateTimeOffset At) : IPersistedEvent;
