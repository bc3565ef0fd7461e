using System.CommandLine;
using System.Net;
using CellActors.Cluster;
using CellActors.Dashboard;
using CellActors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Cli;

/// <summary><c>cellactors worker</c> and <c>cellactors coordinator</c>: long-running cluster nodes (stop with SIGTERM / Ctrl+C: they leave the cluster first).</summary>
internal static class NodeCommands
{
    private static void Logging(ILoggingBuilder l, bool verbose, LogSettings settings, LogNode node)
    {
        l.AddCellActorsLogs(settings, node, verbose ? LogLevel.Debug : LogLevel.Information);
        l.AddFilter("Microsoft", LogLevel.Warning);
    }

    /// <summary>The management endpoint and log settings, or null after printing what is wrong.</summary>
    private static (ManagementOptions? Management, LogSettings Logs)? Operations(OperationsCliOptions ops, ParseResult pr)
    {
        try
        {
            return (ops.ManagementEndpoint(pr), ops.Logs(pr));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>The seeds, or null after printing why they are missing or malformed.</summary>
    private static IReadOnlyList<string>? Seeds(ClusterCliOptions cluster, ParseResult pr)
    {
        try
        {
            return cluster.Seeds(pr);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>Environment variable that may hold the coordinator's <c>--http</c> (empty: no dashboard).</summary>
    public const string DashboardHttpVariable = "CELLACTORS_DASHBOARD_HTTP";

    public static Command Worker()
    {
        var cluster = new ClusterCliOptions();
        var port = new Option<int>("--port") { Description = "TCP port of this node (0: any free port)", DefaultValueFactory = _ => 0 };
        var detectors = new Option<int>("--detectors") { Description = "CPU detector actors on this node (0: decoder-only node)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var gpus = new Option<string?>("--gpus") { Description = "GPU ids, e.g. 0,1,2,3: one detector pinned to each GPU (CUDA; needs a build with -p:OnnxGpu=true) instead of CPU detectors" };
        var decoders = new Option<int>("--decoders") { Description = "Decoder actors on this node (0: send to other nodes' decoders)", DefaultValueFactory = _ => 1 };
        var slots = new Option<int>("--slots") { Description = "Batches one detector holds at most", DefaultValueFactory = _ => 2 };
        var db = new Option<string?>("--db") { Description = "Results database the decoders write: mysql://user:pw@host:port/db. Default: $CELLACTORS_DB", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CELLACTORS_DB") };
        var pace = new Option<int>("--min-batch-ms") { Description = "Pace this node: each batch takes at least this many ms (fault drills, demos)", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var cmd = new Command("worker", "Run a worker node: detectors that pull batches from the coordinator, decoders that write the results.")
        {
            port, detectors, gpus, decoders, slots, db, pace, verbose,
        };
        cluster.AddNodeOptionsTo(cmd);
        var ops = new OperationsCliOptions();
        ops.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            if (Seeds(cluster, pr) is not { } seeds) return CliFailure.BadArguments;
            if (Operations(ops, pr) is not var (management, logs)) return CliFailure.BadArguments;
            var node = NodeAddressing.For(seeds, [], pr.GetValue(port), pr.GetValue(cluster.Hostname), pr.GetValue(cluster.PublicHostname));
            var logNode = new LogNode($"worker@{node.PublicHostname ?? node.Hostname}:{node.Port}");
            var options = new WorkerNodeOptions(node, pr.GetValue(db), pr.GetValue(detectors), pr.GetValue(decoders), pr.GetValue(slots), TimeSpan.FromMilliseconds(pr.GetValue(pace)), pr.GetValue(gpus))
            {
                Management = management,
                LogNode = logNode,
            };
            try
            {
                foreach (var d in options.Devices.Where(d => d.IsGpu)) Inference.OnnxRuntimeInfo.EnsureAvailable(d);
            }
            catch (Exception e) when (e is ArgumentException or Inference.InferenceDeviceException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            using var host = WorkerNode.Build(options,
                l => Logging(l, pr.GetValue(verbose), logs, logNode));
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e) when (management is not null)
            {
                await Console.Error.WriteLineAsync($"error: the management endpoint cannot listen on {management.Http}: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            if (host.Services.GetService<ManagementServer>() is { Url: { } mgmt }) Console.WriteLine($"management: {mgmt}health/ready {mgmt}metrics");
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }

    public static Command Coordinator()
    {
        var cluster = new ClusterCliOptions();
        var port = new Option<int>("--port") { Description = "TCP port of this node", DefaultValueFactory = _ => 4054 };
        var db = new Option<string?>("--db") { Description = "Journal and results database: mysql://user:pw@host:port/db. Default: $CELLACTORS_DB", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CELLACTORS_DB") };
        var inflight = new Option<int>("--max-in-flight") { Description = "Batches leased and not yet committed, at most, per job", DefaultValueFactory = _ => 32 };
        var attempts = new Option<int>("--max-attempts") { Description = "Leases of a batch that end without its rows (failure, lost worker, expired lease) before it is bisected; a frame failing alone this often goes to errors", DefaultValueFactory = _ => 3 };
        var lease = new Option<int>("--lease-timeout") { Description = "Seconds after which a lease is given up and its batch sent again", DefaultValueFactory = _ => 600 };
        var http = new Option<string?>("--http")
        {
            Description = $"Serve the dashboard with live job control on HOST:PORT (e.g. 127.0.0.1:8050; HOST an IP address or localhost). Default: ${DashboardHttpVariable}, else no dashboard",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DashboardHttpVariable),
        };
        var token = new Option<string?>("--token") { Description = $"Bearer token for the dashboard's job control (default: ${ServeCommand.TokenVariable}, else a random one printed at start)" };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var cmd = new Command("coordinator", "Run a coordinator node: hosts the job manager singleton (one per cluster) and the job coordinators; with --http, the dashboard.")
        {
            port, db, inflight, attempts, lease, http, token, verbose,
        };
        cluster.AddNodeOptionsTo(cmd);
        var ops = new OperationsCliOptions();
        ops.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            if (Seeds(cluster, pr) is not { } seeds) return CliFailure.BadArguments;
            if (Operations(ops, pr) is not var (management, logs)) return CliFailure.BadArguments;
            var database = pr.GetValue(db);
            if (string.IsNullOrWhiteSpace(database))
            {
                await Console.Error.WriteLineAsync("error: --db is required (mysql://user:pw@host:port/db)").ConfigureAwait(false);
                return 2;
            }
            CoordinatorDashboardOptions? dashboard = null;
            if (pr.GetValue(http) is { } address && !string.IsNullOrWhiteSpace(address))
            {
                try
                {
                    var endpoint = DashboardHost.ParseEndpoint(address);
                    if (!IPAddress.IsLoopback(endpoint.Address))
                        await Console.Error.WriteLineAsync($"warning: the dashboard listens on {endpoint.Address}, reachable from other machines: anyone who can connect can read the results (job control needs the token)").ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return 2;
                }
                dashboard = new CoordinatorDashboardOptions(address, pr.GetValue(token) ?? Environment.GetEnvironmentVariable(ServeCommand.TokenVariable));
            }
            var node = NodeAddressing.For(seeds, [], pr.GetValue(port), pr.GetValue(cluster.Hostname), pr.GetValue(cluster.PublicHostname));
            var logNode = new LogNode($"coordinator@{node.PublicHostname ?? node.Hostname}:{node.Port}");
            using var host = CoordinatorNode.Build(new CoordinatorNodeOptions(node, database, pr.GetValue(inflight), TimeSpan.FromSeconds(pr.GetValue(lease)), dashboard)
                {
                    Management = management,
                    LogNode = logNode,
                    MaxAttempts = Math.Max(1, pr.GetValue(attempts)),
                },
                l => Logging(l, pr.GetValue(verbose), logs, logNode));
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e) when (dashboard is not null || management is not null)
            {
                var addresses = string.Join(", ", new[] { dashboard is null ? null : $"--http {dashboard.Http}", management is null ? null : $"--management {management.Http}" }.OfType<string>());
                await Console.Error.WriteLineAsync($"error: cannot listen ({addresses}): {e.Message}").ConfigureAwait(false);
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 2;
            }
            if (host.Services.GetService<ManagementServer>() is { Url: { } mgmt }) Console.WriteLine($"management: {mgmt}health/ready {mgmt}metrics");
            if (host.Services.GetService<CoordinatorDashboard>() is { Url: { } url } d)
            {
                Console.WriteLine($"dashboard: {url}");
                Console.WriteLine($"API: {url}api/jobs  (OpenAPI: {url}openapi/v1.json)");
                Console.WriteLine(d.TokenGenerated ? $"job control token (generated): {d.Token}" : "job control token: as given");
            }
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }
}
