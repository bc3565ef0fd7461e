namespace CellActors.Messages;

/// <summary>Persisted before a batch is sent to a worker.</summary>
public sealed record BatchLeased(long BatchId, string WorkerId, DateTimeOffset At) : IPersistedEvent;
