using System.CommandLine;
using CellActors.Cluster;

namespace CellActors.Cli;

/// <summary>
/// Options every cluster command shares: the seeds and how this node is reached; for nodes (coordinator, worker, as
/// the seed) the interface they bind (<c>--hostname</c>); for console commands <c>--verbose</c> (their logs to stderr).
/// </summary>
internal sealed class ClusterCliOptions
{
    public Option<string[]> Seed { get; } = new Option<string[]>("--seed")
    {
        Description = "Seed node address (akka.tcp://cellactors@host:4053 or host:4053); repeat for several. Default: $CELLACTORS_SEED (comma-separated)",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => (Environment.GetEnvironmentVariable("CELLACTORS_SEED") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    }.RejectingOptions();

    public Option<string?> PublicHostname { get; } = new("--public-hostname")
    {
        Description = "Host name or IP other nodes use to reach this one (default: this machine's name; 127.0.0.1 when the seeds are on loopback)",
    };

    public Option<string?> Hostname { get; } = new("--hostname")
    {
        Description = "Interface this node binds (default 0.0.0.0: all; 127.0.0.1 when the seeds are on loopback). Unless --public-hostname is given, a specific address is also how others reach it",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Write this console's Akka and host logs to stderr (default: no logs; stdout holds only the answer)",
    };

    /// <summary>Adds the options of a console command: <c>--seed</c>, <c>--public-hostname</c>, <c>--verbose</c>.</summary>
    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Seed);
        cmd.Options.Add(PublicHostname);
        cmd.Options.Add(Verbose);
    }

    /// <summary>Adds the options of a node (coordinator, worker): <c>--seed</c>, <c>--hostname</c>, <c>--public-hostname</c> (the node's own <c>--verbose</c> sets its log level).</summary>
    public void AddNodeOptionsTo(Command cmd)
    {
        cmd.Options.Add(Seed);
        cmd.Options.Add(Hostname);
        cmd.Options.Add(PublicHostname);
    }

    public IReadOnlyList<string> Seeds(ParseResult pr)
    {
        var seeds = pr.GetValue(Seed) ?? [];
        if (seeds.Length == 0) throw new ArgumentException("no seed node: pass --seed host:4053 (or set CELLACTORS_SEED)");
        foreach (var s in seeds) _ = CellActorsCluster.SeedAddress(s);
        return seeds;
    }
}
