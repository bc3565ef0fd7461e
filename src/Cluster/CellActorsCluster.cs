using System.Globalization;
using Akka.Actor;
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

        /// <summary>A short-lived console (submit, status, cluster show...).</summary>
        public const string Console = "console";
    }

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
    /// Configures a node: the CellActors serializer, remoting on the given port, clustering with the seeds and roles,
    /// the split brain resolver (keep-majority, see README) and logging through Microsoft.Extensions.Logging.
    /// </summary>
    public static AkkaConfigurationBuilder WithCellActorsNode(this AkkaConfigurationBuilder akka, ClusterNodeOptions o)
    {
        var frame = o.MaxFrameSize.ToString(CultureInfo.InvariantCulture);
        var stable = ((long)o.StableAfterOrDefault.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
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
            akka.cluster.split-brain-resolver.stable-after = {{stable}}ms
            akka.cluster.allow-weakly-up-members = 2s
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 8s
            akka.cluster.singleton.hand-over-retry-interval = 1s
            akka.cluster.singleton-proxy.singleton-identification-interval = 1s
            """;
        return akka
            .WithCellActorsSerialization()
            .AddHocon(ConfigurationFactory.ParseString(hocon), HoconAddMode.Prepend)
            .ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLoggerFactory();
            })
            .WithRemoting(o.Hostname, o.Port, o.PublicHostname ?? System.Net.Dns.GetHostName())
            .WithClustering(new ClusterOptions
            {
                Roles = o.Roles.ToArray(),
                SeedNodes = o.Seeds.Select(SeedAddress).ToArray(),
                // Keep-majority: after a partition, the side with more nodes (the lowest address on a tie) stays up and
                // downs the other; a crashed node is downed once the membership is stable for `stable-after`.
                SplitBrainResolver = new KeepMajorityOption(),
            });
    }

    /// <summary>Adds the proxy to the job manager singleton (registry key <see cref="CoordinatorSingleton"/>).</summary>
    public static AkkaConfigurationBuilder WithCoordinatorProxy(this AkkaConfigurationBuilder akka) =>
        akka.WithSingletonProxy<CoordinatorSingleton>(SingletonName, new ClusterSingletonOptions { Role = Roles.Coordinator, BufferSize = 10_000 });
}
