namespace CellActors.Messages;

/// <summary>Persisted when a lease is given up (worker lost, lease timed out, batch failed) so the batch is sent again.</summary>
[Manifest("batch-released.v1")]
public sealed record BatchReleased(long BatchId, string Reason) : IPersistedEvent;
