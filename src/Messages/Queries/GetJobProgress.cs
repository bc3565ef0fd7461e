namespace CellActors.Messages;

/// <summary>Asks the coordinator for its in-memory progress.</summary>
public sealed record GetJobProgress(string JobId) : IQuery;
