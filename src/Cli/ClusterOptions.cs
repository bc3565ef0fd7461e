using System.CommandLine;
using CellActors.Cluster;

namespace CellActors.Cli;

/// <summary>Options every cluster command shares: the seeds and how this node is reached.</summary>
internal sealed class ClusterCliOptions
{
    public Option<string[]> Seed { get; } = new("--seed")
    {
        Description = "Seed node address (akka.tcp://cellactors@host:4053 or host:4053); repeat for several. Default: $CELLACTORS_SEED (comma-separated)",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => (Environment.GetEnvironmentVariable("CELLACTORS_SEED") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    public Option<string?> PublicHostname { get; } = new("--public-hostname")
    {
        Description = "Host name or IP other nodes use to reach this one (default: this machine's name; 127.0.0.1 when the seeds are on loopback)",
    };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Seed);
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
