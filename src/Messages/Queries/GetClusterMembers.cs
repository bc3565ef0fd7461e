namespace CellActors.Messages;

/// <summary>Asks a contact node (seed or coordinator) for the cluster membership as it sees it: answered with <see cref="ClusterMembers"/>.</summary>
public sealed record GetClusterMembers : IQuery;
