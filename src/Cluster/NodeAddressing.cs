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

    /// <summary>
    /// Options for a node (seed, coordinator or worker: the same rules) with these seeds and roles. It binds
    /// <paramref name="hostname"/> (default 0.0.0.0, or 127.0.0.1 when every seed is on loopback) and is reached at
    /// <paramref name="publicHostname"/>, by default 127.0.0.1 on loopback, else the bound address when it is a
    /// specific one, else this machine's name.
    /// </summary>
    public static ClusterNodeOptions For(IReadOnlyList<string> seeds, IReadOnlyList<string> roles, int port, string? hostname, string? publicHostname)
    {
        var loopback = AllLoopback(seeds);
        return new ClusterNodeOptions(seeds, roles, port,
            hostname ?? (loopback ? "127.0.0.1" : "0.0.0.0"),
            publicHostname ?? (loopback ? "127.0.0.1" : IsSpecific(hostname) ? hostname : null));
    }

    /// <summary>True for a bind address other than "any interface" (0.0.0.0, ::, empty).</summary>
    public static bool IsSpecific(string? hostname) =>
        !string.IsNullOrWhiteSpace(hostname) && !(IPAddress.TryParse(hostname, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}
