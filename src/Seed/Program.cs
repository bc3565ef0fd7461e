using System.Globalization;
using Akka.Hosting;
using CellActors.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Seed;

/// <summary>
/// <c>cellactors-seed --port 4053 [--public-hostname HOST] [--seed OTHER]...</c>: the cluster's contact point. It hosts
/// no work (role <c>seed</c>); other nodes join through it. With several seeds, list every seed on every node, the
/// same list in the same order (the first one forms the cluster). Stops (leaving the cluster) on SIGTERM / Ctrl+C.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: cellactors-seed [--port 4053] [--hostname 0.0.0.0] [--public-hostname HOST] [--seed akka.tcp://cellactors@host:port]...";

    private static async Task<int> Main(string[] args)
    {
        var port = CellActorsCluster.DefaultSeedPort;
        string? hostname = null, publicHostname = null;
        var seeds = new List<string>();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--hostname": hostname = Next(); break;
                    case "--public-hostname": publicHostname = Next(); break;
                    case "--seed": seeds.Add(Next()); break;
                    case "-h" or "--help": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        // A lone seed joins itself; on one machine it listens on loopback unless told otherwise.
        var self = $"{publicHostname ?? hostname ?? (seeds.Count == 0 || NodeAddressing.AllLoopback(seeds) ? "127.0.0.1" : System.Net.Dns.GetHostName())}:{port}";
        if (seeds.Count == 0) seeds.Add(self);
        var node = NodeAddressing.For(seeds, [CellActorsCluster.Roles.Seed], port, hostname, publicHostname);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; o.UseUtcTimestamp = true; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) => akka.WithCellActorsNode(node));
        using var host = builder.Build();
        Console.WriteLine($"cellactors-seed: {CellActorsCluster.SeedAddress(self)} (seeds: {string.Join(", ", seeds.Select(CellActorsCluster.SeedAddress))})");
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
