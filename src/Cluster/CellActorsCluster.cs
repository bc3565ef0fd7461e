using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using CellActors.Messages;

namespace CellActors.Cluster;

/// <summary>
/// The cluster wiring every CellActors node shares, configured in code with Akka.Hosting: the actor system name,
/// roles, the singleton's name, remoting (frame size), clustering with seed nodes, and the split brain resolver.
/// </summary>
public static class CellActorsCluster
{
    /// <summary>The actor system name of every node.</summary>
    public const string SystemName = "cellactors";

    /// <summary>Name of the job manager cluster singleton.</summary>
    public const string SingletonName = "job-manager";

    /// <summary>Default port of a seed node.</summary>
    public const int DefaultSeedPort = 4053;

    /// <summary>
    /// Default largest remote message: 32 MiB. A DecodeBatch carries a batch's RLE strings; 8 frames of 2048² with 2,000
    /// nuclei each are about 8 MB of RLE. (Akka.Remote drops a larger message with an error in the log.)
    /// </summary>
    public const long DefaultMaxFrameSize = 32L * 1024 * 1024;

    /// <summary>Cluster roles.</summary>
    public static class Roles
    {
        /// <summary>A seed (contact point) node.</summary>
        public const string Seed = "seed";

        /// <summary>Hosts the job manager singleton (and so the job coordinators).</summary>
        public const string Coordinator = "coordinator";

        /// <summary>A worker node.</summary>
        public const string Worker = "worker";

        /// <summary>Runs detector actors.</summary>
        public const string Detector = "detector";

        /// <summary>Runs decoder actors (writes results).</summary>
        public const string Decoder = "decoder";

        /// <summary>
        /// A contact node (the seeds and the coordinators): it runs the ClusterClient receptionist through which consoles,
        /// which are not members, reach the job manager and the membership service.
        /// </summary>
        public const string Contact = "contact";
    }

    /// <summary>Path of the job manager singleton's proxy on coordinator nodes: the service consoles send job commands to.</summary>
    public const string JobManagerPath = "/user/" + SingletonName + "-proxy";

    /// <summary>Path of the membership service (<see cref="MembershipActor"/>) on every contact node.</summary>
    public const string MembershipPath = "/user/" + MembershipActor.Name;

    /// <summary>Name of the ClusterClient receptionist under <c>/system</c> on contact nodes (Akka's default).</summary>
    public const string ReceptionistName = "receptionist";

    /// <summary>Normalises a seed given as <c>host:port</c>, <c>host</c> or a full <c>akka.tcp://cellactors@host:port</c> address.</summary>
    public static string SeedAddress(string seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(seed);
        seed = seed.Trim();
        if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal) || seed.StartsWith("akka://", StringComparison.Ordinal))
        {
            var address = Address.Parse(seed);
            if (address.System != SystemName) throw new ArgumentException($"seed '{seed}' names actor system '{address.System}'; CellActors nodes use '{SystemName}'");
            return address.ToString();
        }
        var colon = seed.LastIndexOf(':');
        var host = colon > 0 ? seed[..colon] : seed;
        var port = colon > 0 ? int.Parse(seed[(colon + 1)..], CultureInfo.InvariantCulture) : DefaultSeedPort;
        return $"akka.tcp://{SystemName}@{host}:{port}";
    }

    /// <summary>Parses the <c>CELLACTORS_SBR_STABLE_AFTER</c> environment variable (<c>5s</c>, <c>500ms</c>, <c>1m</c>), or null.</summary>
    public static TimeSpan? StableAfterFromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable("CELLACTORS_SBR_STABLE_AFTER");
        if (string.IsNullOrWhiteSpace(v)) return null;
        v = v.Trim();
        if (v.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(double.Parse(v[..^2], CultureInfo.InvariantCulture));
        if (v.EndsWith('s')) return TimeSpan.FromSeconds(double.Parse(v[..^1], CultureInfo.InvariantCulture));
        if (v.EndsWith('m')) return TimeSpan.FromMinutes(double.Parse(v[..^1], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Configures remoting, the part of a node that a console shares: the CellActors serializer, the frame size, logging
    /// through Microsoft.Extensions.Logging, and Akka.Remote on <paramref name="hostname"/>:<paramref name="port"/> reached at
    /// <paramref name="publicHostname"/> (default: this machine's name).
    /// </summary>
    public static AkkaConfigurationBuilder WithCellActorsRemoting(this AkkaConfigurationBuilder akka, string hostname, int port, string? publicHostname,
        long maxFrameSize = DefaultMaxFrameSize)
    {
        var frame = maxFrameSize.ToString(CultureInfo.InvariantCulture);
        var hocon = $$"""
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.coordinated-shutdown.exit-clr = off
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters = 10
            akka.log-dead-letters-during-shutdown = off
            akka.remote.dot-netty.tcp {
              maximum-frame-size = {{frame}}b
              send-buffer-size = {{frame}}b
              receive-buffer-size = {{frame}}b
            }
            """;
        return akka
            .WithCellActorsSerialization()
            .AddHocon(ConfigurationFactory.ParseString(hocon), HoconAddMode.Prepend)
            .ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLoggerFactory();
            })
            .WithRemoting(hostname, port, publicHostname ?? System.Net.Dns.GetHostName());
    }

    /// <summary>
    /// Configures a node: remoting (<see cref="WithCellActorsRemoting"/>), clustering with the seeds and roles, and the
    /// split brain resolver (keep-majority, see README). Every seed is listed, the same list in the same order on every
    /// node: only the first seed may form a cluster, and only when no other seed answers (Akka's seed-node process).
    /// </summary>
    public static AkkaConfigurationBuilder WithCellActorsNode(this AkkaConfigurationBuilder akka, ClusterNodeOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var stable = ((long)o.StableAfterOrDefault.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var hocon = $$"""
            akka.cluster.split-brain-resolver.stable-after = {{stable}}ms
            akka.cluster.allow-weakly-up-members = 2s
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 8s
            akka.cluster.singleton.hand-over-retry-interval = 1s
            akka.cluster.singleton-proxy.singleton-identification-interval = 1s
            """;
        return akka
            .WithCellActorsRemoting(o.Hostname, o.Port, o.PublicHostname, o.MaxFrameSize)
            .AddHocon(ConfigurationFactory.ParseString(hocon), HoconAddMode.Prepend)
            .WithClustering(new ClusterOptions
            {
                Roles = o.Roles.ToArray(),
                SeedNodes = o.Seeds.Select(SeedAddress).ToArray(),
                // Keep-majority: after a partition, the side with more nodes (the lowest address on a tie) stays up and
                // downs the other; a crashed node is downed once the membership is stable for `stable-after`.
                SplitBrainResolver = new KeepMajorityOption(),
            });
    }

    /// <summary>
    /// Makes a node (with the <see cref="Roles.Contact"/> role) a contact point for consoles: distributed pub-sub and the
    /// ClusterClient receptionist on the contact nodes, and the membership service (<see cref="MembershipActor"/>)
    /// registered with it. A response tunnel lives 5 minutes without traffic, so an answer that takes long (a large
    /// job's <c>submit</c>) still reaches its console.
    /// </summary>
    public static AkkaConfigurationBuilder WithContactPoint(this AkkaConfigurationBuilder akka)
    {
        var hocon = $"""
            akka.cluster.pub-sub.role = {Roles.Contact}
            akka.cluster.client.receptionist.role = {Roles.Contact}
            akka.cluster.client.receptionist.name = {ReceptionistName}
            akka.cluster.client.receptionist.response-tunnel-receive-timeout = 5m
            """;
        return akka
            .AddHocon(ConfigurationFactory.ParseString(hocon), HoconAddMode.Prepend)
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            .AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, _) =>
                ClusterClientReceptionist.Get(system).RegisterService(system.ActorOf(MembershipActor.Props(), MembershipActor.Name)));
    }

    /// <summary>Registers the job manager's proxy (registry key <see cref="CoordinatorSingleton"/>) with the receptionist, at <see cref="JobManagerPath"/>.</summary>
    public static AkkaConfigurationBuilder WithJobManagerService(this AkkaConfigurationBuilder akka) =>
        akka.WithActors((system, registry) =>
        {
            var proxy = registry.Get<CoordinatorSingleton>();
            var path = proxy.Path.ToStringWithoutAddress();
            if (path != JobManagerPath) throw new InvalidOperationException($"the job manager's proxy runs at {path}, consoles send to {JobManagerPath}");
            ClusterClientReceptionist.Get(system).RegisterService(proxy);
        });

    /// <summary>Adds the proxy to the job manager singleton (registry key <see cref="CoordinatorSingleton"/>).</summary>
    public static AkkaConfigurationBuilder WithCoordinatorProxy(this AkkaConfigurationBuilder akka) =>
        akka.WithSingletonProxy<CoordinatorSingleton>(SingletonName, new ClusterSingletonOptions { Role = Roles.Coordinator, BufferSize = 10_000 });
}
