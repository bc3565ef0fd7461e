using System.CommandLine;
using System.Globalization;
using CellActors.Messages;
using CellActors.Results;
using static CellActors.Cli.JsonOutput;

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
        var dir = new Argument<string?>("results") { Description = "Results folder (or its cellactors.db); with --seed or --db: the job name", Arity = ArgumentArity.ZeroOrOne }.RejectingOptions();
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var server = new Option<string?>("--db") { Description = "Read this database instead of a folder: mysql://user:pw@host:port/db" };
        var cluster = new ClusterCliOptions();
        var seed = new Option<string[]>("--seed") { Description = "Ask the cluster's coordinator (seed node address) about job RESULTS", AllowMultipleArgumentsPerToken = true }.RejectingOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON document (README, \"JSON output\") instead of the text" };
        var cmd = new Command("status", "Show the progress of the jobs in a results folder, a results database (--db) or a cluster (--seed).") { dir, job, server, seed, json, cluster.PublicHostname, cluster.Verbose };
        cmd.SetAction((pr, ct) =>
        {
            var target = pr.GetValue(dir);
            var asJson = pr.GetValue(json);
            if (pr.GetValue(seed) is { Length: > 0 } seeds)
            {
                var name = pr.GetValue(job) ?? target;
                if (name is null)
                {
                    Console.Error.WriteLine("error: name the job: cellactors status JOB --seed host:4053 (or `cellactors list`)");
                    return Task.FromResult(CliFailure.BadArguments);
                }
                return JobCommands.WithConsole(seeds, pr.GetValue(cluster.PublicHostname), pr.GetValue(cluster.Verbose), async node =>
                {
                    var answer = await node.AskCoordinator(new Messages.GetJobStatus(name), JobCommands.AskTimeout, ct).ConfigureAwait(false);
                    if (asJson && answer is Messages.JobStatus st)
                    {
                        JsonOutput.Write(new JobsDocument([JsonOutput.Job(st)]));
                        return CliFailure.Ok;
                    }
                    return JobCommands.Report(answer);
                }, ct);
            }
            if (pr.GetValue(server) is { } url)
                return Task.FromResult(CliFailure.Guard(url, () => Run(ResultStore.Open(url, readOnly: true), CliFailure.Name(url), pr.GetValue(job) ?? target, asJson)));
            if (target is null)
            {
                Console.Error.WriteLine("error: name a results folder, or pass --db or --seed");
                return Task.FromResult(CliFailure.BadArguments);
            }
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                Console.Error.WriteLine($"error: no results folder or database at {target}");
                return Task.FromResult(CliFailure.BadArguments);
            }
            var db = Directory.Exists(target) ? Path.Combine(target, "cellactors.db") : target;
            if (!File.Exists(db))
            {
                Console.Error.WriteLine($"error: no results database in {target} (no {Path.GetFileName(db)} there): is it the --out folder of `cellactors run`?");
                return Task.FromResult(CliFailure.BadArguments);
            }
            return Task.FromResult(CliFailure.Guard(db, () => Run(ResultStore.OpenSqlite(db, readOnly: true), db, pr.GetValue(job), asJson)));
        });
        return cmd;
    }

    private static int Run(ResultStore opened, string db, string? job, bool json)
    {
        using var store = opened;
        var jobs = job is null ? store.ListJobs() : [job];
        if (jobs.Count == 0)
        {
            Console.Error.WriteLine($"error: {db} holds no job");
            return CliFailure.BadArguments;
        }
        var reports = new List<(JobStatusReport Status, IReadOnlyList<SequenceChoiceRow> Choices)>();
        foreach (var j in jobs)
        {
            var s = store.GetStatus(j);
            if (s is null)
            {
                Console.Error.WriteLine($"error: no job '{j}' in {db}");
                return CliFailure.BadArguments;
            }
            reports.Add((s, store.GetSequenceChoices(j)));
        }
        if (json)
        {
            JsonOutput.Write(new JobsDocument(reports.Select(r => JsonOutput.Job(r.Status, r.Choices)).ToList()));
            return CliFailure.Ok;
        }
        foreach (var (s, choices) in reports)
        {
            var pct = s.FrameCount > 0 ? 100.0 * s.FramesDone / s.FrameCount : 100;
            Console.WriteLine($"job {s.Job} ({s.Status.StoredName()})");
            Console.WriteLine($"  source      {s.Source}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frames      {s.FramesDone} / {s.FrameCount} ({pct:0.0}%), {s.FramesWithCells} with cells"));
            Console.WriteLine($"  objects     {s.Objects}");
            Console.WriteLine($"  errors      {s.Errors}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  throughput  {s.FramesPerSecond:0.0} frames/s (last run; {s.Runs} run(s))"));
            Console.WriteLine($"  time left   {(s.TimeLeft is { } t ? t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "unknown")}");
            PrintChoices(choices);
        }
        return CliFailure.Ok;
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
