namespace CellActors.Cluster;

/// <summary>
/// How one process joins the CellActors cluster (actor system <c>cellactors</c>, Akka.Remote over TCP).
/// </summary>
/// <param name="Seeds">Seed node addresses, <c>akka.tcp://cellactors@host:4053</c> or <c>host:4053</c>; a seed node lists itself.</param>
/// <param name="Roles">Cluster roles of this node (<see cref="Roles"/>).</param>
/// <param name="Port">TCP port to listen on; 0 picks a free one (workers, console).</param>
/// <param name="Hostname">Interface to bind (default 0.0.0.0: all).</param>
/// <param name="PublicHostname">Host name other nodes use to reach this one (default: this machine's name; 127.0.0.1 on one machine).</param>
/// <param name="StableAfter">Split brain resolver: how long the membership must be stable before unreachable nodes are downed.</param>
/// <param name="MaxFrameSize">Largest remote message in bytes (a DecodeBatch carries a batch's RLE masks).</param>
public sealed record ClusterNodeOptions(
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    int Port = 0,
    string Hostname = "0.0.0.0",
    string? PublicHostname = null,
    TimeSpan? StableAfter = null,
    long MaxFrameSize = CellActorsCluster.DefaultMaxFrameSize)
{
    /// <summary>The split brain resolver's stable-after used (default 20 s; environment <c>CELLACTORS_SBR_STABLE_AFTER</c>, e.g. <c>5s</c>).</summary>
    public TimeSpan StableAfterOrDefault => StableAfter ?? CellActorsCluster.StableAfterFromEnvironment() ?? TimeSpan.FromSeconds(20);
}
