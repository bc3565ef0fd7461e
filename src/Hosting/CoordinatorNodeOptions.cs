using CellActors.Cluster;

namespace CellActors.Hosting;

/// <summary>Settings of a coordinator node (<c>cellactors coordinator</c>).</summary>
/// <param name="Node">Cluster membership.</param>
/// <param name="Database">Results database and Akka journal (<c>mysql://user:pw@host:port/db</c>; a SQLite path works for a single coordinator on one machine).</param>
/// <param name="MaxInFlight">Global cap on batches leased and not yet committed, per job.</param>
/// <param name="LeaseTimeout">A lease older than this is given up and its batch sent again.</param>
/// <param name="Dashboard">Serve the dashboard with live job control (<see cref="CoordinatorDashboard"/>); null: none.</param>
public sealed record CoordinatorNodeOptions(ClusterNodeOptions Node, string Database, int MaxInFlight = 32, TimeSpan? LeaseTimeout = null, CoordinatorDashboardOptions? Dashboard = null)
{
    /// <summary>The management endpoint (<c>--management</c>: health probes, metrics); null: none.</summary>
    public ManagementOptions? Management { get; init; }

    /// <summary>The node name log lines carry, renamed to the node's cluster address once it is known; null: not tracked.</summary>
    public LogNode? LogNode { get; init; }
    /// <summary>Leases of a batch or part that may end without its rows before it is bisected (a single frame: recorded in <c>errors</c>).</summary>
    public int MaxAttempts { get; init; } = 3;
}
