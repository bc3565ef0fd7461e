using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// A worker node: <c>N</c> detectors (CPU, or one pinned to each GPU listed) that pull batches from the job manager singleton (through its proxy) and
/// <c>M</c> decoders that write the results database, wired by <see cref="CellActorsHosting.WithCellActorsWorkers{TCoordinator}"/>
/// exactly as in one process; a node without decoders routes its detectors' output to the cluster's decoder nodes.
/// </summary>
public static class WorkerNode
{
    /// <summary>Builds the host (not started).</summary>
    public static IHost Build(WorkerNodeOptions o, Action<ILoggingBuilder> logging)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(logging);
        var devices = o.Devices;
        if (devices.Count == 0 && o.Decoders <= 0) throw new ArgumentException("a worker needs at least one detector or decoder");
        if (o.Decoders > 0 && o.Database is null) throw new ArgumentException("a worker with decoders needs --db (the results database)");
        var store = o.Decoders > 0 ? ResultStore.Open(o.Database!) : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddCellActorsManagement(o.Management, store); // before the actor system: starts first, stops last
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsNode(o.Node with { Roles = o.Roles })
                .WithCellActorsHealthChecks(clusterMember: true)
                .WithCoordinatorProxy()
                .WithCellActorsWorkers<CoordinatorSingleton>(new WorkerActorsOptions(devices, o.Decoders, store, o.Slots, o.MinBatchTime))
                .WithLogNode(o.LogNode, CellActorsCluster.Roles.Worker);
        });
        builder.Services.AddSingleton(new OwnedStore(store));
        return builder.Build();
    }
}
