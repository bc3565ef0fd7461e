namespace CellActors.Cluster;

/// <summary>Registry key of the job manager singleton proxy (and of the singleton itself on coordinator nodes).</summary>
public sealed class CoordinatorSingleton;
