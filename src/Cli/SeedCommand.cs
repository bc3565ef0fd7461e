using System.CommandLine;
using System.Reflection;
using CellActors.Cluster;
using CellActors.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors seed [--port 4053] [--seed A --seed B ...]</c>: a seed node, the cluster's contact point for nodes and
/// consoles (<see cref="SeedNode"/>). With several seeds every seed and every node is given the same list in the same
/// order (<see cref="SeedList"/>): the first forms the cluster when no other seed answers; any seed restarted while
/// another is up joins the running cluster. Stops (leaving the cluster) on SIGTERM / Ctrl+C. <c>--version</c> prints
/// the build's version. (<c>./cellactors-seed</c> runs this command.)
/// </summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var cluster = new ClusterCliOptions();
        var port = new Option<int>("--port") { Description = "TCP port of this seed", DefaultValueFactory = _ => CellActorsCluster.DefaultSeedPort };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var version = new Option<bool>("--version") { Description = "Print the version of this build and exit" };
        var cmd = new Command("seed", "Run a seed node: the contact point other nodes join through and consoles reach the cluster through. "
                                      + "List every seed (this one included) with --seed, the same list in the same order on every node; without --seed it is a lone seed.")
        {
            port, verbose, version,
        };
        cluster.AddNodeOptionsTo(cmd);
        var ops = new OperationsCliOptions();
        ops.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(version))
            {
                Console.WriteLine($"cellactors seed {Version}");
                return CliFailure.Ok;
            }
            var p = pr.GetValue(port);
            var hostname = pr.GetValue(cluster.Hostname);
            var publicHostname = pr.GetValue(cluster.PublicHostname);
            var given = pr.GetValue(cluster.Seed) ?? [];
            IReadOnlyList<string> seeds;
            string self;
            ManagementOptions? management;
            LogSettings logs;
            try
            {
                management = ops.ManagementEndpoint(pr);
                logs = ops.Logs(pr);
                // Its own address: --public-hostname, else a specific --hostname, else 127.0.0.1 when alone or every seed is
                // on loopback, else this machine's name.
                var loopback = given.Length == 0 || NodeAddressing.AllLoopback(given);
                var specific = NodeAddressing.IsSpecific(hostname) ? hostname : null;
                self = $"{publicHostname ?? specific ?? (loopback ? "127.0.0.1" : System.Net.Dns.GetHostName())}:{p}";
                seeds = SeedList.For(self, given);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return CliFailure.BadArguments;
            }
            var node = NodeAddressing.For(seeds, [], p, hostname, publicHostname ?? self[..self.LastIndexOf(':')]);
            var logNode = new LogNode($"seed@{self}");
            using var host = SeedNode.Build(node, l =>
            {
                l.AddCellActorsLogs(logs, logNode, pr.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
                l.AddFilter("Microsoft", LogLevel.Warning);
            }, management);
            var first = SeedList.IsFirst(self, seeds) ? seeds.Count == 1 ? "a lone seed: forms the cluster" : "the first seed: forms the cluster when no other seed answers" : "joins a running seed";
            Console.WriteLine($"cellactors seed {Version}: {CellActorsCluster.SeedAddress(self)}, {first} (seeds: {string.Join(", ", seeds)})");
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e) when (management is not null)
            {
                await Console.Error.WriteLineAsync($"error: the management endpoint cannot listen on {management.Http}: {e.Message}").ConfigureAwait(false);
                return CliFailure.BadArguments;
            }
            if (host.Services.GetService(typeof(ManagementServer)) is ManagementServer { Url: { } mgmt }) Console.WriteLine($"management: {mgmt}health/ready {mgmt}metrics");
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return CliFailure.Ok;
        });
        return cmd;
    }

    /// <summary>This build's version (the assembly's informational version).</summary>
    public static string Version =>
        typeof(SeedCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SeedCommand).Assembly.GetName().Version?.ToString() ?? "unknown";
}
