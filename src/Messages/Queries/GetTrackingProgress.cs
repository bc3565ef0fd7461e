namespace CellActors.Messages;

/// <summary>Asks the tracking supervisor for its progress.</summary>
public sealed record GetTrackingProgress(string JobId) : IQuery;
