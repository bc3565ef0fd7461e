using System.CommandLine;
using CellActors.Messages;
using CellActors.Results;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors status DIR</c>: frames done / total, objects, errors, throughput and time left, read from the database.
/// <c>cellactors status --db mysql://... [JOB]</c> reads a server database; <c>cellactors status JOB --seed host:4053</c>
/// asks the cluster's coordinator.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var dir = new Argument<string?>("results") { Description = "Results folder (or its cellactors.db); with --seed or --db: the job name", Arity = ArgumentArity.ZeroOrOne };
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var server = new Option<string?>("--db") { Description = "Read this database instead of a folder: mysql://user:pw@host:port/db" };
        var cluster = new ClusterCliOptions();
        var seed = new Option<string[]>("--seed") { Description = "Ask the cluster's coordinator (seed node address) about job RESULTS", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("status", "Show the progress of the jobs in a results folder, a results database (--db) or a cluster (--seed).") { dir, job, server, seed, cluster.PublicHostname };
        cmd.SetAction((pr, ct) =>
        {
            var target = pr.GetValue(dir);
            if (pr.GetValue(seed) is { Length: > 0 } seeds)
            {
                var name = pr.GetValue(job) ?? target;
                if (name is null)
                {
                    Console.Error.WriteLine("error: name the job: cellactors status JOB --seed host:4053 (or `cellactors list`)");
                    return Task.FromResult(2);
                }
                return JobCommands.WithConsole(seeds, pr.GetValue(cluster.PublicHostname), async node =>
                    JobCommands.Report(await node.AskCoordinator(new Messages.GetJobStatus(name), JobCommands.AskTimeout, ct).ConfigureAwait(false)), ct);
            }
            if (pr.GetValue(server) is { } url) return Task.FromResult(Run(ResultStore.Open(url, readOnly: true), url, pr.GetValue(job) ?? target));
            if (target is null)
            {
                Console.Error.WriteLine("error: name a results folder, or pass --db or --seed");
                return Task.FromResult(2);
            }
            var db = Directory.Exists(target) ? Path.Combine(target, "cellactors.db") : target;
            if (!File.Exists(db))
            {
                Console.Error.WriteLine($"error: no results database at {db}");
                return Task.FromResult(2);
            }
            return Task.FromResult(Run(ResultStore.OpenSqlite(db, readOnly: true), db, pr.GetValue(job)));
        });
        return cmd;
    }

    private static int Run(ResultStore opened, string db, string? job)
    {
        using var store = opened;
        var jobs = job is null ? store.ListJobs() : [job];
        if (jobs.Count == 0)
        {
            Console.Error.WriteLine($"error: {db} holds no job");
            return 2;
        }
        foreach (var j in jobs)
        {
            var s = store.GetStatus(j);
            if (s is null)
            {
                Console.Error.WriteLine($"error: no job '{j}' in {db}");
                return 2;
            }
            var pct = s.FrameCount > 0 ? 100.0 * s.FramesDone / s.FrameCount : 100;
            Console.WriteLine($"job {s.Job} ({s.Status.StoredName()})");
            Console.WriteLine($"  source      {s.Source}");
            Console.WriteLine($"  frames      {s.FramesDone} / {s.FrameCount} ({pct:0.0}%), {s.FramesWithCells} with cells");
            Console.WriteLine($"  objects     {s.Objects}");
            Console.WriteLine($"  errors      {s.Errors}");
            Console.WriteLine($"  throughput  {s.FramesPerSecond:0.0} frames/s (last run; {s.Runs} run(s))");
            Console.WriteLine($"  time left   {(s.TimeLeft is { } t ? t.ToString(@"hh\:mm\:ss") : "unknown")}");
            PrintChoices(store.GetSequenceChoices(j));
        }
        return 0;
    }

    /// <summary>What the segmenter chose, per sequence (at most <see cref="ListedSequences"/> sequences; more are summed up by choice).</summary>
    private static void PrintChoices(IReadOnlyList<SequenceChoiceRow> choices)
    {
        if (choices.Count == 0) return;
        foreach (var segmenter in choices.Select(c => c.Segmenter).Distinct())
            Console.WriteLine($"  segmenter   {segmenter}");
        var sequences = choices.GroupBy(c => (c.Dataset, c.Sequence)).ToList();
        if (sequences.Count <= ListedSequences)
        {
            foreach (var g in sequences)
            {
                Console.WriteLine($"  sequence    {Name(g.Key.Dataset, g.Key.Sequence)}");
                foreach (var c in g) Console.WriteLine($"                {c.Describe()}");
            }
            return;
        }
        Console.WriteLine($"  sequences   {sequences.Count}, by choice:");
        foreach (var g in choices.GroupBy(c => (c.Modality, c.Inverted, c.Colour)).OrderByDescending(g => g.Sum(c => c.Frames)))
        {
            var merged = g.First() with
            {
                Frames = g.Sum(c => c.Frames), ScaleMin = g.Min(c => c.ScaleMin), ScaleMax = g.Max(c => c.ScaleMax),
                TypicalDiameter = Mean(g, c => c.TypicalDiameter), BackgroundPosition = Mean(g, c => c.BackgroundPosition), Noise = Mean(g, c => c.Noise),
            };
            Console.WriteLine($"                {g.Select(c => (c.Dataset, c.Sequence)).Distinct().Count()} sequence(s), {merged.Describe()}");
        }
    }

    private const int ListedSequences = 12;

    private static string Name(string dataset, string sequence) => sequence.Length == 0 ? dataset : $"{dataset}/{sequence}";

    /// <summary>The frame-weighted mean of a measurement, or null when no row has it.</summary>
    private static double? Mean(IEnumerable<SequenceChoiceRow> rows, Func<SequenceChoiceRow, double?> value)
    {
        var known = rows.Where(r => value(r) is not null).ToList();
        return known.Count == 0 ? null : known.Sum(r => value(r)!.Value * r.Frames) / known.Sum(r => r.Frames);
    }
}
