namespace CellActors.Messages;

/// <summary>Persisted only after the batch's rows are committed.</summary>
[Manifest("batch-completed.v1")]
public sealed record BatchCompleted(long BatchId, int Frames, int Objects, int Errors) : IPersistedEvent;
