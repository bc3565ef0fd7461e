using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Cluster;

/// <summary>
/// A short-lived cluster member (role <c>console</c>) that the console commands (submit, status, pause, list,
/// cluster show/leave/down...) use: it joins through the seeds, talks to the job manager singleton through a proxy
/// or reads and changes the membership, then leaves the cluster gracefully when disposed. It never hosts work.
/// </summary>
public sealed class ConsoleNode : IAsyncDisposable
{
    private readonly IHost _host;

    private ConsoleNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Coordinator = host.Services.GetRequiredService<IActorRegistry>().Get<CoordinatorSingleton>();
    }

    /// <summary>The console's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The proxy to the job manager singleton.</summary>
    public IActorRef Coordinator { get; }

    /// <summary>The cluster extension (membership, leave, down).</summary>
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>Joins the cluster through <paramref name="seeds"/>, silently; throws <see cref="TimeoutException"/> when no seed answers in time.</summary>
    public static Task<ConsoleNode> JoinAsync(IReadOnlyList<string> seeds, string? publicHostname, TimeSpan timeout, CancellationToken ct = default) =>
        JoinAsync(seeds, publicHostname, timeout, verbose: false, ct);

    /// <summary>
    /// Joins the cluster through <paramref name="seeds"/>; throws <see cref="TimeoutException"/> when no seed answers in
    /// time. The console's own logs (Akka's and the host's) go to stderr when <paramref name="verbose"/> (or
    /// <c>CELLACTORS_CONSOLE_LOG=1</c>), otherwise nowhere: stdout holds only what the command prints.
    /// </summary>
    public static async Task<ConsoleNode> JoinAsync(IReadOnlyList<string> seeds, string? publicHostname, TimeSpan timeout, bool verbose, CancellationToken ct = default)
    {
        verbose |= Environment.GetEnvironmentVariable("CELLACTORS_CONSOLE_LOG") == "1";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, verbose);
        var loopback = NodeAddressing.AllLoopback(seeds);
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsNode(new ClusterNodeOptions(seeds, [CellActorsCluster.Roles.Console], Port: 0,
                    Hostname: loopback ? "127.0.0.1" : "0.0.0.0", PublicHostname: publicHostname ?? (loopback ? "127.0.0.1" : null)))
                .AddHocon(ConfigurationFactory.ParseString(AkkaLogging(verbose)), HoconAddMode.Prepend)
                .WithCoordinatorProxy();
        });
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        var node = new ConsoleNode(host);
        var until = DateTime.UtcNow + timeout;
        while (node.Cluster.SelfMember.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
        {
            if (DateTime.UtcNow > until)
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"could not join the cluster through {string.Join(", ", seeds)} within {timeout.TotalSeconds:0} s: is the seed node running and reachable?");
            }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        return node;
    }

    /// <summary>
    /// Where a console's logs go: with <paramref name="verbose"/>, every level to stderr (never stdout); otherwise no
    /// provider at all.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        if (!verbose) return;
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Debug);
    }

    /// <summary>
    /// The Akka settings of a console: Akka's own minimal logger (what it prints before its loggers start and after they
    /// stop, such as <c>Remoting shut down</c>) writes to stderr with <paramref name="verbose"/> and nowhere otherwise.
    /// </summary>
    public static string AkkaLogging(bool verbose) => verbose
        ? $"akka.stdout-logger-class = \"{typeof(StandardErrorLogger).AssemblyQualifiedName}\"\nakka.stdout-loglevel = DEBUG\nakka.loglevel = DEBUG"
        : $"akka.stdout-logger-class = \"{typeof(SilentLogger).AssemblyQualifiedName}\"\nakka.stdout-loglevel = WARNING\nakka.log-dead-letters = 0";

    /// <summary>Asks the job manager; throws <see cref="TimeoutException"/> with a hint when it does not answer.</summary>
    public async Task<object> AskCoordinator(object message, TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            return await Coordinator.Ask<object>(message, timeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"the coordinator did not answer within {timeout.TotalSeconds:0} s: is a `cellactors coordinator` node up? (`cellactors cluster show`)");
        }
    }

    /// <summary>Leaves the cluster and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _host.StopAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // leaving took too long: the cluster downs the console node on its own
        }
        _host.Dispose();
    }
}
