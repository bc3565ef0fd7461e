namespace CellActors.Messages;

/// <summary>Ends a job for good: no more batches are handed out; committed rows stay.</summary>
public sealed record CancelJob(string JobId) : ICommand;
