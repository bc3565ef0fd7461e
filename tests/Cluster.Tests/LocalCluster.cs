using System.Text.RegularExpressions;
using CellActors.TestSupport;

namespace CellActors.Cluster.Tests;

/// <summary>
/// A cluster of real OS processes on 127.0.0.1 (free ports): one or more seeds (<c>cellactors seed</c>, every process
/// given every seed in the same order), a coordinator and workers, running the built <c>cellactors</c> executable.
/// Console commands are not members: they reach the cluster through the seeds. Every process is killed when disposed.
/// </summary>
internal sealed partial class LocalCluster : IDisposable
{
    private readonly List<ChildProcess> _all = [];
    private readonly Dictionary<string, string> _env = new() { ["CELLACTORS_SBR_STABLE_AFTER"] = "4s" };

    /// <summary>
    /// Starts <paramref name="seeds"/> seed nodes; <paramref name="env"/> adds to (or overrides) the environment of every
    /// process, e.g. <c>CELLACTORS_SBR_STABLE_AFTER</c>.
    /// </summary>
    public LocalCluster(string db, IReadOnlyDictionary<string, string>? env = null, int seeds = 1)
    {
        Db = db;
        if (env is not null) foreach (var (k, v) in env) _env[k] = v;
        SeedPorts = Enumerable.Range(0, seeds).Select(_ => FreePort.Next()).ToList();
        Seeds = new ChildProcess[seeds];
        for (var i = 0; i < seeds; i++) StartSeed(i);
    }

    public string Db { get; }

    /// <summary>The seeds' ports, in the order of the seed list (the first forms the cluster).</summary>
    public IReadOnlyList<int> SeedPorts { get; }

    public int SeedPort => SeedPorts[0];

    public string SeedAddress => $"127.0.0.1:{SeedPort}";

    /// <summary>The <c>--seed</c> options every process gets: every seed, in order.</summary>
    public IReadOnlyList<string> SeedOptions => SeedPorts.SelectMany(p => new[] { "--seed", $"127.0.0.1:{Port(p)}" }).ToList();

    /// <summary>The seed processes (the latest incarnation of each).</summary>
    public ChildProcess[] Seeds { get; }

    public ChildProcess Seed => Seeds[0];

    /// <summary>True when every seed process has exited.</summary>
    public bool AllSeedsExited => Seeds.All(s => s.HasExited);

    /// <summary>Starts (or restarts, on its port) seed <paramref name="index"/> with the whole seed list.</summary>
    public ChildProcess StartSeed(int index)
    {
        Seeds[index] = Start(index == 0 ? "seed" : $"seed{index + 1}", Bin("cellactors.dll"), ["seed", "--port", Port(SeedPorts[index]), .. SeedOptions]);
        return Seeds[index];
    }

    public List<ChildProcess> Workers { get; } = [];

    public ChildProcess? Coordinator { get; private set; }

    public int CoordinatorPort { get; } = FreePort.Next();

    private static string Port(int p) => p.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Bin(string dll) => Path.Combine(AppContext.BaseDirectory, dll);

    private ChildProcess Start(string name, string dll, IEnumerable<string> args)
    {
        var p = ChildProcess.Start(name, "dotnet", [dll, .. args], _env);
        lock (_all) _all.Add(p);
        return p;
    }

    /// <summary>Starts (or restarts, on the same port) the coordinator node, with <paramref name="options"/> added (e.g. <c>--http</c>).</summary>
    public ChildProcess StartCoordinator(params string[] options)
    {
        Coordinator = Start("coordinator", Bin("cellactors.dll"), ["coordinator", .. SeedOptions, "--port", Port(CoordinatorPort), "--db", Db, .. options]);
        return Coordinator;
    }

    /// <summary>
    /// Starts a worker node (by default one detector and one decoder), paced to <paramref name="minBatchMs"/> per batch so
    /// a test can act mid-job, on <paramref name="port"/> (0: any free port), given <paramref name="seedOptions"/> (default: every seed),
    /// with <paramref name="options"/> added (e.g. <c>--management</c>).
    /// </summary>
    public ChildProcess StartWorker(int minBatchMs = 0, int detectors = 1, int decoders = 1, int port = 0, IReadOnlyList<string>? seedOptions = null, params string[] options)
    {
        var w = Start($"worker{Workers.Count + 1}", Bin("cellactors.dll"),
            ["worker", .. seedOptions ?? SeedOptions, "--detectors", Port(detectors), "--decoders", Port(decoders), "--db", Db, "--min-batch-ms", Port(minBatchMs), "--port", Port(port), .. options]);
        Workers.Add(w);
        return w;
    }

    /// <summary>Runs a console command (submit, status, cluster show...) to its end, given every seed.</summary>
    public (int ExitCode, string Output) Console(params string[] args) => ConsoleThrough(SeedOptions, args);

    /// <summary>Runs a console command to its end, given only <paramref name="seedOptions"/> (<c>--seed host:port</c>...).</summary>
    public (int ExitCode, string Output) ConsoleThrough(IReadOnlyList<string> seedOptions, params string[] args)
    {
        using var p = StartConsole(seedOptions, args);
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) throw new TimeoutException($"cellactors {string.Join(' ', args)} did not finish:\n{p.Output}");
        return (p.ExitCode, p.Output);
    }

    /// <summary>Starts a console command (given <paramref name="seedOptions"/>) without waiting for it.</summary>
    public ChildProcess StartConsole(IReadOnlyList<string> seedOptions, params string[] args) =>
        Start("console " + args[0], Bin("cellactors.dll"), [.. args, .. seedOptions]);

    /// <summary>
    /// Waits (up to 2 minutes) until the coordinator reports at least <paramref name="detectors"/> detectors registered
    /// (`cluster show`), so a job submitted next is spread over every worker started so far.
    /// </summary>
    public void WaitForDetectors(int detectors)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        string last = "";
        while (DateTime.UtcNow < until)
        {
            var (code, output) = Console("cluster", "show");
            last = output;
            var m = DetectorsLine().Match(output);
            if (code == 0 && m.Success && int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= detectors) return;
            Thread.Sleep(500);
        }
        throw new TimeoutException($"the coordinator did not report {detectors} detectors within 2 minutes:\n{last}\n{Logs()}");
    }

    [GeneratedRegex(@"(\d+) detectors registered")]
    private static partial Regex DetectorsLine();

    /// <summary>Batch ids a worker's decoders committed (from its log).</summary>
    public static IReadOnlySet<long> Committed(ChildProcess worker) =>
        CommittedLine().Matches(worker.Output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>Batch ids a worker processed although they were committed already (their result discarded).</summary>
    public static IReadOnlySet<long> Discarded(ChildProcess worker) =>
        DiscardedLine().Matches(worker.Output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    [GeneratedRegex(@"committed batch (\d+) of job")]
    private static partial Regex CommittedLine();

    [GeneratedRegex(@"batch (\d+) of job \S+ was committed already")]
    private static partial Regex DiscardedLine();

    /// <summary>Everything every process wrote (for failure messages).</summary>
    public string Logs()
    {
        lock (_all) return string.Join("\n", _all.Select(p => $"===== {p.Name} (pid {p.Pid}) =====\n{Tail(p.Output, 6000)}"));
    }

    private static string Tail(string s, int n) => s.Length <= n ? s : "..." + s[^n..];

    public void Dispose()
    {
        lock (_all)
        {
            foreach (var p in _all) p.Dispose();
        }
    }
}
