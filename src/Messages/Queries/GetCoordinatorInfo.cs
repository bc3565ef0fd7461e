namespace CellActors.Messages;

/// <summary>Asks the job manager where it runs and what it serves.</summary>
public sealed record GetCoordinatorInfo : IQuery;
