namespace CellActors.Messages;

/// <summary>Persisted before a batch is sent to a worker.</summary>
[Manifest("batch-leased.v1")]
public sealed record BatchLeased(long BatchId, string WorkerId, DateTimeOffset At) : IPersistedEvent;
