using System.CommandLine;
using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using CellActors.Messages;
using CellActors.Results.Formats;
using CellActors.Results.Tracking;

namespace CellActors.Cli;

/// <summary><c>cellactors track RESULTS</c>: links the stored objects of a completed job into tracks with divisions; resumable.</summary>
internal static class TrackCommand
{
    public static Command Create()
    {
        var results = new Argument<string?>("results") { Description = "Results folder (or its cellactors.db); or give --db", Arity = ArgumentArity.ZeroOrOne }.RejectingOptions();
        var db = new Option<string?>("--db") { Description = "Track in a MariaDB/MySQL results database (a cluster's) instead of a folder: mysql://user:pw@host:port/db" };
        var job = new Option<string?>("--job") { Description = "Job to track (needed when the database holds several)" };
        var force = new Option<bool>("--force") { Description = "Delete the job's tracks and track it again" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var tracking = new TrackingCliOptions();
        var cmd = new Command("track", "Track every sequence of a completed job: frame-to-frame linking, gap closing and divisions, into the tracks table.")
        {
            results, db, job, force, quiet,
        };
        foreach (var o in tracking.All) cmd.Options.Add(o);
        cmd.SetAction((pr, ct) => CliFailure.GuardAsync(pr.GetValue(results) ?? pr.GetValue(db), () => RunAsync(pr.GetValue(results), pr.GetValue(db), pr.GetValue(job), pr.GetValue(force), pr.GetValue(quiet), tracking.Settings(pr), tracking.Parallelism(pr), pr.GetValue(tracking.ChunkFrames), ct)));
        return cmd;
    }

    private static async Task<int> RunAsync(string? folder, string? url, string? jobName, bool force, bool quiet, TrackingSettings settings, int parallelism, int chunk, CancellationToken ct)
    {
        string job, path, display;
        try
        {
            using var db = ResultsDatabase.Open(folder is null || url is null ? folder ?? url ?? throw new ArgumentException("name a results folder, or pass --db mysql://user:pw@host:port/db")
                : throw new ArgumentException("give either a results folder or --db, not both"), jobName);
            (job, path, display) = (db.Job, db.Location, db.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException { InnerException: not DbException })
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        if (force)
        {
            using var store = TrackingStore.Open(path);
            store.Reset(job);
        }
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.log-dead-letters = 0
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """).WithFallback(ConfigurationFactory.ParseString(CellActorsSerializer.Hocon));
        using var system = ActorSystem.Create("cellactors-track", config);
        try
        {
            return await TrackingCliOptions.TrackAsync(system, path, new TrackJob(job, settings, parallelism, chunk), quiet, ct, display).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
