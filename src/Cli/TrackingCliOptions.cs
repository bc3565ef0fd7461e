using System.CommandLine;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>The tracker's command-line options, shared by <c>track</c> and <c>run --track</c>.</summary>
internal sealed class TrackingCliOptions
{
    public Option<double> MaxDistance { get; } = new("--max-distance") { Description = "Largest link distance in pixels (0: 1.5 x the median cell diameter)", DefaultValueFactory = _ => 0 };

    public Option<int> MaxGap { get; } = new("--max-gap") { Description = "Frames a cell may be missed and still be linked to its track", DefaultValueFactory = _ => 2 };

    public Option<int> MinDivisionAge { get; } = new("--min-division-age") { Description = "Frames a cell must be tracked before it may divide", DefaultValueFactory = _ => 3 };

    public Option<int?> Parallel { get; } = new("--parallel") { Description = "Sequences tracked at once (default: one per core)" };

    public Option<int> ChunkFrames { get; } = new("--chunk-frames") { Description = "Frames per commit: an interrupted run resumes from the last one", DefaultValueFactory = _ => 50 };

    public IEnumerable<Option> All => [MaxDistance, MaxGap, MinDivisionAge, Parallel, ChunkFrames];

    public TrackingSettings Settings(ParseResult pr) => new(pr.GetValue(MaxDistance), pr.GetValue(MaxGap), pr.GetValue(MinDivisionAge));

    public int Parallelism(ParseResult pr) => pr.GetValue(Parallel) ?? Environment.ProcessorCount;

    /// <summary>Runs tracking in <paramref name="system"/> and prints the outcome; returns the exit code (0 ok, 1 a sequence failed, 3 refused).</summary>
    public static async Task<int> TrackAsync(Akka.Actor.ActorSystem system, string databasePath, TrackJob command, bool quiet, CancellationToken ct, string? databaseName = null)
    {
        var display = new ProgressDisplay(quiet);
        var outcome = await Hosting.TrackingRunner.RunAsync(system, databasePath, command,
            p => display.Show("frames tracked", p.FramesTracked, p.FramesTotal, "", p.Completed), ct).ConfigureAwait(false);
        display.Done();
        if (outcome is TrackingRejected r)
        {
            await Console.Error.WriteLineAsync($"error: {r.Reason}").ConfigureAwait(false);
            return 3;
        }
        var p = (TrackingProgress)outcome;
        Console.WriteLine($"tracked: {p.Sequences} sequence(s), {p.FramesTracked} frames, {p.Tracks} tracks, {p.Divisions} divisions -> tracks table of {databaseName ?? databasePath}");
        foreach (var problem in p.Problems) Console.WriteLine($"  {problem}");
        return p.Problems.Any(x => x.Contains(": failed", StringComparison.Ordinal) || x.Contains("stopped unexpectedly", StringComparison.Ordinal)) ? 1 : 0;
    }
}
