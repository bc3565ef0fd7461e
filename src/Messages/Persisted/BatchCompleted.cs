namespace CellActors.Messages;

/// <summary>Persisted only after the batch's rows are committed.</summary>
public sealed record BatchCompleted(long BatchId, int Frames, int Objects, int Errors) : IPersistedEvent;
