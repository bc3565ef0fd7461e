namespace CellActors.Cluster;

/// <summary>
/// The seed list of a seed node. Every node is given every seed, the same list in the same order: Akka lets only the
/// first seed form a new cluster, and only when no other seed answers within <c>seed-node-timeout</c>; every other seed
/// joins one that is up. So a seed restarted while the cluster runs joins it again instead of forming a second cluster
/// (as long as another seed is up).
/// </summary>
public static class SeedList
{
    /// <summary>
    /// The seeds a seed node at <paramref name="self"/> (<c>host:port</c>) uses: <paramref name="seeds"/> when it lists
    /// this seed, just this seed when it is empty (a lone seed, which forms the cluster); an
    /// <see cref="ArgumentException"/> when it lists other seeds but not this one.
    /// </summary>
    public static IReadOnlyList<string> For(string self, IReadOnlyList<string> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var me = CellActorsCluster.SeedAddress(self);
        if (seeds.Count == 0) return [me];
        var listed = seeds.Select(CellActorsCluster.SeedAddress).ToList();
        if (listed.Distinct(StringComparer.Ordinal).Count() != listed.Count)
            throw new ArgumentException($"--seed lists a seed twice: {string.Join(", ", listed)}");
        if (!listed.Contains(me, StringComparer.Ordinal))
            throw new ArgumentException($"this seed ({me}) is not in its --seed list ({string.Join(", ", listed)}): give every seed, this one included, the same list in the same order (set --public-hostname to the name the list uses)");
        return listed;
    }

    /// <summary>True when <paramref name="self"/> is the first seed of <paramref name="seeds"/>: the one seed that may form a new cluster.</summary>
    public static bool IsFirst(string self, IReadOnlyList<string> seeds) =>
        seeds is { Count: > 0 } && CellActorsCluster.SeedAddress(seeds[0]) == CellActorsCluster.SeedAddress(self);
}
