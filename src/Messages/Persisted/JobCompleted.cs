namespace CellActors.Messages;

/// <summary>Persisted once every batch is completed.</summary>
public sealed record JobCompleted(string JobId, DateTimeOffset At) : IPersistedEvent;
