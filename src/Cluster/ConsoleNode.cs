using Akka.Actor;
using Akka.Cluster;
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

    /// <summary>Joins the cluster through <paramref name="seeds"/>; throws <see cref="TimeoutException"/> when no seed answers in time.</summary>
    public static async Task<ConsoleNode> JoinAsync(IReadOnlyList<string> seeds, string? publicHostname, TimeSpan timeout, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CELLACTORS_CONSOLE_LOG") == "1") builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        var loopback = NodeAddressing.AllLoopback(seeds);
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsNode(new ClusterNodeOptions(seeds, [CellActorsCluster.Roles.Console], Port: 0,
                    Hostname: loopback ? "127.0.0.1" : "0.0.0.0", PublicHostname: publicHostname ?? (loopback ? "127.0.0.1" : null)))
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
