namespace CellActors.Messages;

/// <summary>
/// Persisted when a batch, or a part of one, was leased the maximum number of times without its rows being committed
/// (its attempts ended by a reported failure, a lost worker, an expired lease or a killed process): it is replaced by
/// its two halves, each leased on its own, so that only a frame that keeps failing alone ends in <c>errors</c>.
/// Part ids are negative and name the frames they cover (the coordinator's <c>BatchParts</c>).
/// </summary>
[Manifest("batch-bisected.v1")]
public sealed record BatchBisected(long BatchId, int Attempts, string Reason) : IPersistedEvent;
