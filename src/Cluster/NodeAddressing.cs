using System.Net;

namespace CellActors.Cluster;

/// <summary>Defaults for where a node listens and how others reach it.</summary>
public static class NodeAddressing
{
    /// <summary>True when every seed is on this machine's loopback (a one-machine cluster): nodes then bind and advertise 127.0.0.1.</summary>
    public static bool AllLoopback(IReadOnlyList<string> seeds) =>
        seeds.Count > 0 && seeds.All(s =>
        {
            var host = Akka.Actor.Address.Parse(CellActorsCluster.SeedAddress(s)).Host ?? "";
            return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        });

    /// <summary>Options for a node with these seeds and roles; <paramref name="publicHostname"/> overrides the advertised name.</summary>
    public static ClusterNodeOptions For(IReadOnlyList<string> seeds, IReadOnlyList<string> roles, int port, string? hostname, string? publicHostname)
    {
        var loopback = AllLoopback(seeds);
        return new ClusterNodeOptions(seeds, roles, port,
            hostname ?? (loopback ? "127.0.0.1" : "0.0.0.0"),
            publicHostname ?? (loopback ? "127.0.0.1" : null));
    }
}
