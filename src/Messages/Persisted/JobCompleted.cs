namespace CellActors.Messages;

/// <summary>Persisted once every batch is completed.</summary>
[Manifest("job-completed.v1")]
public sealed record JobCompleted(string JobId, DateTimeOffset At) : IPersistedEvent;
