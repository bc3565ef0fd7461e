namespace CellActors.Messages;

/// <summary>Asks the job manager for one job's state and counts.</summary>
public sealed record GetJobStatus(string JobId) : IQuery;
