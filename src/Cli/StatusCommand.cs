using System.CommandLine;
using CellActors.Results;

namespace CellActors.Cli;

/// <summary><c>cellactors status DIR</c>: frames done / total, objects, errors, throughput and time left, read from the database.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("results") { Description = "Results folder (or its cellactors.db)" };
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var cmd = new Command("status", "Show the progress of the jobs in a results folder.") { dir, job };
        cmd.SetAction(pr => Run(pr.GetValue(dir)!, pr.GetValue(job)));
        return cmd;
    }

    private static int Run(string dir, string? job)
    {
        var db = Directory.Exists(dir) ? Path.Combine(dir, "cellactors.db") : dir;
        if (!File.Exists(db))
        {
            Console.Error.WriteLine($"error: no results database at {db}");
            return 2;
        }
        using var store = ResultStore.OpenSqlite(db, readOnly: true);
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
            Console.WriteLine($"job {s.Job} ({s.Status})");
            Console.WriteLine($"  source      {s.Source}");
            Console.WriteLine($"  frames      {s.FramesDone} / {s.FrameCount} ({pct:0.0}%), {s.FramesWithCells} with cells");
            Console.WriteLine($"  objects     {s.Objects}");
            Console.WriteLine($"  errors      {s.Errors}");
            Console.WriteLine($"  throughput  {s.FramesPerSecond:0.0} frames/s (last run; {s.Runs} run(s))");
            Console.WriteLine($"  time left   {(s.TimeLeft is { } t ? t.ToString(@"hh\:mm\:ss") : "unknown")}");
        }
        return 0;
    }
}
