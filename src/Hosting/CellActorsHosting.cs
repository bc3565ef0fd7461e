using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Routing;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Routing;
using CellActors.Cluster;
using CellActors.Coordinator;
using CellActors.GpuWorker;
using CellActors.Messages;
using CellActors.Results;
using LinqToDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CellActors.Hosting;

/// <summary>
/// The Akka.Hosting wiring the hosts share, one extension method per piece: the one-process host
/// (<see cref="LocalJobHost"/>), the coordinator node (<see cref="CoordinatorNode"/>) and worker nodes
/// (<see cref="WorkerNode"/>) compose these, and so do the actor specs, so a spec runs the production wiring.
/// </summary>
public static class CellActorsHosting
{
    /// <summary>Name of the decoders (a pool) in every process that has some.</summary>
    public const string DecodersName = "decoders";

    /// <summary>The linq2db provider Akka.Persistence.Sql uses for a database target.</summary>
    public static string JournalProvider(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind switch
        {
            DatabaseKind.MariaDb => ProviderName.MariaDB10MySqlConnector, // the MySQL 8 provider queries INNODB_INDEXES, which MariaDB lacks
            DatabaseKind.MySql => ProviderName.MySql80MySqlConnector,
            _ => ProviderName.SQLiteMS,
        };
    }

    /// <summary>
    /// The Akka journal and snapshot store (Akka.Persistence.Sql) in <paramref name="target"/>: a SQLite file, or the
    /// cluster's MariaDB/MySQL database, whose tables are created first (<see cref="JournalSchema"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithCellActorsJournal(this AkkaConfigurationBuilder akka, DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        JournalSchema.Ensure(target);
        return akka.WithSqlPersistence(connectionString: target.ConnectionString, providerName: JournalProvider(target),
            journalBuilder: j => j.WithHealthCheck(HealthStatus.Unhealthy, "journal"));
    }

    /// <summary>Renames <paramref name="node"/> (what log lines carry) to <c>ROLE@HOST:PORT</c> once the actor system knows its address; nothing when null.</summary>
    public static AkkaConfigurationBuilder WithLogNode(this AkkaConfigurationBuilder akka, LogNode? node, string role) =>
        node is null ? akka : akka.WithActors((system, _) =>
        {
            var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
            node.Name = $"{role}@{address.Host}:{address.Port}";
        });

    /// <summary>
    /// One job's persistent <see cref="JobCoordinator"/> under its backoff supervisor (actor <c>/user/coordinator</c>,
    /// registry key <see cref="JobCoordinator"/>): the one-process deployment. After every start (a restart after a
    /// failure included) it resumes the job with <paramref name="command"/> by itself.
    /// </summary>
    public static AkkaConfigurationBuilder WithJobCoordinator(this AkkaConfigurationBuilder akka, string jobId, ResultStore store, CoordinatorOptions options, StartJob? command = null) =>
        akka.WithActors((system, registry) =>
            registry.Register<JobCoordinator>(system.ActorOf(JobCoordinator.Supervised(jobId, store, options, resumeWith: command), "coordinator")));

    /// <summary>
    /// The <see cref="JobManager"/> as a cluster singleton on the <c>coordinator</c> role, with its proxy (registry
    /// key <see cref="CoordinatorSingleton"/>): the cluster deployment.
    /// </summary>
    public static AkkaConfigurationBuilder WithJobManager(this AkkaConfigurationBuilder akka, ResultStore store, CoordinatorOptions options) =>
        akka.WithSingleton<CoordinatorSingleton>(CellActorsCluster.SingletonName, JobManager.Supervised(store, options),
            new ClusterSingletonOptions { Role = CellActorsCluster.Roles.Coordinator, BufferSize = 10_000 }, createProxyToo: true);

    /// <summary>
    /// The worker side of a process, the same in one process and on a worker node: a detector per device
    /// (<c>/user/detector-N</c>) that asks the actor registered under <typeparamref name="TCoordinator"/> for work, and
    /// decoders: a smallest-mailbox pool writing <see cref="WorkerActorsOptions.Store"/> (the RLE never crosses the network),
    /// or, with no decoders in this process, a cluster-aware round-robin group over the decoder nodes'
    /// <c>/user/decoders</c> behind a <see cref="DecoderGate"/> that holds segmented batches while no decoder node is up.
    /// </summary>
    /// <typeparam name="TCoordinator">Registry key of where detectors ask for work: <see cref="JobCoordinator"/> in one process, <see cref="CoordinatorSingleton"/> (the job manager's proxy) on a node.</typeparam>
    public static AkkaConfigurationBuilder WithCellActorsWorkers<TCoordinator>(this AkkaConfigurationBuilder akka, WorkerActorsOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Devices.Count == 0 && o.Decoders <= 0) throw new ArgumentException("a worker needs at least one detector or decoder");
        if (o.Decoders > 0 && o.Store is null) throw new ArgumentException("a worker with decoders needs --db (the results database)");
        return akka.WithActors((system, registry) =>
        {
            var coordinator = registry.Get<TCoordinator>();
            IActorRef decoders;
            if (o.Decoders > 0)
            {
                decoders = system.ActorOf(DecoderActor.Props(o.Store!).WithRouter(new SmallestMailboxPool(o.Decoders)), DecodersName);
            }
            else
            {
                var paths = new[] { "/user/" + DecodersName };
                var router = system.ActorOf(Props.Empty.WithRouter(new ClusterRouterGroup(new RoundRobinGroup(paths),
                    new ClusterRouterGroupSettings(int.MaxValue, paths, allowLocalRoutees: false, useRole: CellActorsCluster.Roles.Decoder))), "cluster-decoders");
                decoders = system.ActorOf(DecoderGate.Props(router), "decoder-gate"); // holds batches while no decoder node is up
            }
            for (var i = 0; i < o.Devices.Count; i++)
                system.ActorOf(DetectorActor.Props(coordinator, decoders, o.Slots, o.MinBatchTime, o.Devices[i], o.ThreadsOf(o.Devices[i])), $"detector-{i}");
        });
    }
}
