using Akka.Hosting;
using CellActors.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// A seed node (<c>cellactors seed</c>): a contact point that hosts no work. Nodes join the cluster through it, and
/// consoles reach the cluster through its ClusterClient receptionist and membership service (roles <c>seed</c> and
/// <c>contact</c>). With several seeds, each is given every seed in the same order (<see cref="SeedList"/>).
/// </summary>
public static class SeedNode
{
    /// <summary>Builds the host (not started); <paramref name="management"/>: the health and metrics endpoint (null: none).</summary>
    public static IHost Build(ClusterNodeOptions node, Action<ILoggingBuilder> logging, ManagementOptions? management = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(logging);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddCellActorsManagement(management, store: null); // before the actor system: starts first, stops last
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
            akka.WithCellActorsNode(node with { Roles = [CellActorsCluster.Roles.Seed, CellActorsCluster.Roles.Contact] })
                .WithCellActorsHealthChecks(clusterMember: true)
                .WithContactPoint());
        return builder.Build();
    }
}
