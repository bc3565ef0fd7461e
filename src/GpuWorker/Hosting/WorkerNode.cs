using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Hosting;
using Akka.Routing;
using CellActors.Cluster;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.GpuWorker.Hosting;

/// <summary>
/// A worker node: <c>N</c> detectors (CPU, or one pinned to each GPU listed) that pull batches from the job manager singleton (through its proxy) and
/// <c>M</c> decoders that write the results database. Detectors hand their output to this node's decoders
/// (a smallest-mailbox pool: the RLE never crosses the network); a node without decoders routes it to the decoders
/// of the cluster's decoder nodes (a cluster-aware round-robin group over <c>/user/decoders</c>, role <c>decoder</c>),
/// behind a <see cref="DecoderGate"/> that holds segmented batches while no decoder node is up.
/// </summary>
public static class WorkerNode
{
    /// <summary>Builds the host (not started).</summary>
    public static IHost Build(WorkerNodeOptions o, Action<ILoggingBuilder> logging)
    {
        var devices = o.Devices;
        if (devices.Count == 0 && o.Decoders <= 0) throw new ArgumentException("a worker needs at least one detector or decoder");
        if (o.Decoders > 0 && o.Database is null) throw new ArgumentException("a worker with decoders needs --db (the results database)");
        var store = o.Decoders > 0 ? ResultStore.Open(o.Database!) : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsNode(o.Node with { Roles = o.Roles })
                .WithCoordinatorProxy()
                .WithActors((system, registry) =>
                {
                    var coordinator = registry.Get<CoordinatorSingleton>();
                    IActorRef decoders;
                    if (store is not null)
                    {
                        decoders = system.ActorOf(DecoderActor.Props(store).WithRouter(new SmallestMailboxPool(o.Decoders)), "decoders");
                    }
                    else
                    {
                        var paths = new[] { "/user/decoders" };
                        var router = system.ActorOf(Props.Empty.WithRouter(new ClusterRouterGroup(new RoundRobinGroup(paths),
                            new ClusterRouterGroupSettings(int.MaxValue, paths, allowLocalRoutees: false, useRole: CellActorsCluster.Roles.Decoder))), "cluster-decoders");
                        decoders = system.ActorOf(DecoderGate.Props(router), "decoder-gate"); // holds batches while no decoder node is up
                    }
                    var cpuThreads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, devices.Count(d => !d.IsGpu)));
                    for (var i = 0; i < devices.Count; i++)
                        system.ActorOf(DetectorActor.Props(coordinator, decoders, o.Slots, o.MinBatchTime, devices[i], devices[i].IsGpu ? 1 : cpuThreads), $"detector-{i}");
                });
        });
        builder.Services.AddSingleton(new WorkerStore(store));
        return builder.Build();
    }
}

/// <summary>Keeps the node's results store alive with the host and disposes it at the end.</summary>
internal sealed class WorkerStore(ResultStore? store) : IDisposable
{
    public void Dispose() => store?.Dispose();
}
