using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Akka.Hosting;
using CellActors.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Cluster;

/// <summary>
/// What the console commands (submit, status, pause, list, cluster show/leave/down...) talk to the cluster through: a
/// plain remote actor system, never a cluster member, with a ClusterClient whose initial contacts are the seeds'
/// receptionists. It sends job commands to the job manager (<see cref="CellActorsCluster.JobManagerPath"/>, registered
/// by the coordinator nodes) and membership requests to the membership service of a contact node
/// (<see cref="CellActorsCluster.MembershipPath"/>). A console that dies mid-command leaves the membership untouched: the
/// receptionists only stop hearing its heartbeats.
/// </summary>
public sealed class ConsoleNode : IAsyncDisposable
{
    /// <summary>How long one probe of the job manager waits before the next (until the command's deadline).</summary>
    private static readonly TimeSpan CoordinatorProbe = TimeSpan.FromSeconds(3);

    private readonly IHost _host;
    private readonly IReadOnlyList<string> _seeds;
    private readonly TimeSpan _connectTimeout;
    private bool _coordinatorFound;

    private ConsoleNode(IHost host, IReadOnlyList<string> seeds, TimeSpan connectTimeout)
    {
        _host = host;
        _seeds = seeds;
        _connectTimeout = connectTimeout;
        System = host.Services.GetRequiredService<ActorSystem>();
        Client = host.Services.GetRequiredService<IActorRegistry>().Get<ConsoleNode>();
    }

    /// <summary>The console's actor system (remoting only; not a cluster member).</summary>
    public ActorSystem System { get; }

    /// <summary>The ClusterClient to the contact nodes' receptionists.</summary>
    public IActorRef Client { get; }

    /// <summary>The receptionist paths a console starts from: <c>/system/receptionist</c> on every seed.</summary>
    public static IReadOnlyList<ActorPath> InitialContacts(IReadOnlyList<string> seeds) =>
        seeds.Select(s => (ActorPath)(new RootActorPath(Address.Parse(CellActorsCluster.SeedAddress(s))) / "system" / CellActorsCluster.ReceptionistName)).ToList();

    /// <summary>
    /// Connects to the cluster through <paramref name="seeds"/>: returns once a contact node's membership service answered;
    /// throws <see cref="TimeoutException"/> when none did within <paramref name="timeout"/>. The console's own logs
    /// (Akka's and the host's) go to stderr when <paramref name="verbose"/> (or <c>CELLACTORS_CONSOLE_LOG=1</c>),
    /// otherwise nowhere: stdout holds only what the command prints.
    /// </summary>
    public static async Task<ConsoleNode> ConnectAsync(IReadOnlyList<string> seeds, string? publicHostname, TimeSpan timeout, bool verbose, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        verbose |= Environment.GetEnvironmentVariable("CELLACTORS_CONSOLE_LOG") == "1";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, verbose);
        var loopback = NodeAddressing.AllLoopback(seeds);
        var contacts = InitialContacts(seeds).ToImmutableHashSet();
        builder.Services.AddAkka(CellActorsCluster.SystemName + "-console", (akka, _) =>
        {
            akka.WithCellActorsRemoting(loopback ? "127.0.0.1" : "0.0.0.0", 0, publicHostname ?? (loopback ? "127.0.0.1" : null))
                .AddHocon(ConfigurationFactory.ParseString(AkkaLogging(verbose)), HoconAddMode.Prepend)
                .AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append)
                .WithActors((system, registry) =>
                {
                    var settings = ClusterClientSettings.Create(system).WithInitialContacts(contacts);
                    registry.Register<ConsoleNode>(system.ActorOf(ClusterClient.Props(settings), "client"));
                });
        });
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        var node = new ConsoleNode(host, seeds, timeout);
        try
        {
            await node.MembersAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"no seed answered: could not reach the cluster through {string.Join(", ", seeds)} within {timeout.TotalSeconds:0} s: is a seed node running and reachable, and can it reach this machine back (--public-hostname)?");
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

    /// <summary>The membership as the contact node that answers sees it; throws <see cref="TimeoutException"/> when none answers in time.</summary>
    public async Task<ClusterMembers> MembersAsync(TimeSpan timeout, CancellationToken ct = default) =>
        await AskContact(new GetClusterMembers(), timeout, ct).ConfigureAwait(false) is ClusterMembers m
            ? m
            : throw new InvalidOperationException("the membership service gave an unexpected answer");

    /// <summary>Asks the membership service of a contact node (its own, not another node's); throws <see cref="TimeoutException"/> when none answers.</summary>
    public async Task<object> AskContact(object message, TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            return await Client.Ask<object>(new ClusterClient.Send(CellActorsCluster.MembershipPath, message, localAffinity: true), timeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"no contact node answered within {timeout.TotalSeconds:0} s (seeds: {string.Join(", ", _seeds)})");
        }
    }

    /// <summary>
    /// Asks the job manager; throws <see cref="TimeoutException"/> with a hint when it does not answer. The first ask
    /// probes it until it answers (a coordinator that just started is known to the receptionists within a second or two).
    /// </summary>
    public async Task<object> AskCoordinator(object message, TimeSpan timeout, CancellationToken ct = default)
    {
        var hint = $"is a `cellactors coordinator` node up? (`cellactors cluster show`)";
        if (!_coordinatorFound)
        {
            var until = DateTime.UtcNow + (timeout < _connectTimeout ? timeout : _connectTimeout);
            while (!_coordinatorFound)
            {
                try
                {
                    await Client.Ask<object>(new ClusterClient.Send(CellActorsCluster.JobManagerPath, new GetCoordinatorInfo()), CoordinatorProbe, ct).ConfigureAwait(false);
                    _coordinatorFound = true;
                }
                catch (AskTimeoutException) when (DateTime.UtcNow < until)
                {
                }
                catch (AskTimeoutException)
                {
                    throw new TimeoutException($"the coordinator did not answer within {(timeout < _connectTimeout ? timeout : _connectTimeout).TotalSeconds:0} s: {hint}");
                }
            }
        }
        try
        {
            return await Client.Ask<object>(new ClusterClient.Send(CellActorsCluster.JobManagerPath, message), timeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"the coordinator did not answer within {timeout.TotalSeconds:0} s: {hint}");
        }
    }

    /// <summary>Stops the console's actor system (nothing to leave: it never joined).</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _host.StopAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping took too long: the process exits anyway
        }
        _host.Dispose();
    }
}
