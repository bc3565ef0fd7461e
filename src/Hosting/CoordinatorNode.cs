using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Coordinator;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// A coordinator node: the job manager as a cluster singleton on the <c>coordinator</c> role (at most one in the
/// cluster, handed over to the next-oldest coordinator node when its node leaves or is downed), with its journal
/// (Akka.Persistence.Sql) and the results in the same MariaDB/MySQL database; a contact point for consoles (the job
/// manager's proxy registered with its ClusterClient receptionist, <see cref="CellActorsCluster.JobManagerPath"/>); optionally the dashboard over those
/// results with live job control (<see cref="CoordinatorDashboard"/>).
/// </summary>
public static class CoordinatorNode
{
    /// <summary>Builds the host (not started); opens (creating if needed) the database first.</summary>
    public static IHost Build(CoordinatorNodeOptions o, Action<ILoggingBuilder> logging)
    {
        var target = DatabaseTarget.Parse(o.Database);
        var store = ResultStore.Open(target);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        var options = new CoordinatorOptions(MaxInFlight: o.MaxInFlight, LeaseTimeout: o.LeaseTimeout, MaxBatchAttempts: o.MaxAttempts);
        builder.Services.AddCellActorsManagement(o.Management, store); // before the actor system: starts first, stops last
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsNode(o.Node with { Roles = [CellActorsCluster.Roles.Coordinator, CellActorsCluster.Roles.Contact] })
                .WithCellActorsHealthChecks(clusterMember: true)
                .WithCellActorsJournal(target)
                .WithJobManager(store, options)
                .WithContactPoint()
                .WithJobManagerService()
                .WithLogNode(o.LogNode, CellActorsCluster.Roles.Coordinator);
        });
        builder.Services.AddSingleton(new OwnedStore(store));
        if (o.Dashboard is { } dashboard)
        {
            builder.Services.AddSingleton(sp => new CoordinatorDashboard(sp, target, dashboard));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<CoordinatorDashboard>());
        }
        return builder.Build();
    }
}
