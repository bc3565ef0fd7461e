using System.CommandLine;
using System.Globalization;
using CellActors.Cluster;
using CellActors.Messages;
using static CellActors.Cli.JsonOutput;

namespace CellActors.Cli;

/// <summary>
/// Console commands for jobs on a cluster: <c>submit</c>, <c>pause</c>, <c>resume</c>, <c>cancel</c>, <c>list</c>
/// (and <c>status JOB --seed</c>, see <see cref="StatusCommand"/>). Each reaches the job manager singleton through the
/// seeds' ClusterClient receptionists (<see cref="ConsoleNode"/>) without joining the cluster.
/// Exit codes (<see cref="CliFailure"/>): 0 done, 2 bad arguments, 3 refused by the coordinator, 4 cluster or coordinator unreachable.
/// </summary>
internal static class JobCommands
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Connects, runs <paramref name="work"/>, stops; maps unreachable cluster/coordinator to exit code 4.</summary>
    public static async Task<int> WithConsole(ClusterCliOptions cluster, ParseResult pr, Func<ConsoleNode, Task<int>> work, CancellationToken ct)
    {
        IReadOnlyList<string> seeds;
        try
        {
            seeds = cluster.Seeds(pr);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        return await WithConsole(seeds, pr.GetValue(cluster.PublicHostname), pr.GetValue(cluster.Verbose), work, ct).ConfigureAwait(false);
    }

    /// <summary>Connects through <paramref name="seeds"/>, runs <paramref name="work"/>, stops; the console's logs go to stderr when <paramref name="verbose"/>, else nowhere.</summary>
    public static async Task<int> WithConsole(IReadOnlyList<string> seeds, string? publicHostname, bool verbose, Func<ConsoleNode, Task<int>> work, CancellationToken ct)
    {
        try
        {
            foreach (var s in seeds) _ = CellActorsCluster.SeedAddress(s);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"error: bad seed address: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        try
        {
            await using var node = await ConsoleNode.ConnectAsync(seeds, publicHostname, ConnectTimeout, verbose, ct).ConfigureAwait(false);
            return await work(node).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliFailure.Unreachable;
        }
    }

    public static Command Submit()
    {
        var cluster = new ClusterCliOptions();
        var source = new Argument<string>("source") { Description = "A CTC dataset folder, sequence folder, folder of TIFF/PNG files or one file, at the same path on the coordinator and every worker" };
        var job = new Option<string?>("--job") { Description = "Job name (default: the source folder's name)" };
        var segmenter = new SegmenterCliOptions();
        var batch = new Option<int>("--batch-size") { Description = "Frames per batch", DefaultValueFactory = _ => 8 };
        var wait = new Option<bool>("--wait") { Description = "Wait until the job is completed (or cancelled), printing progress" };
        var reading = new ReadingCliOptions();
        var pipeline = new PipelineCliOptions(segmenter, null, reading);
        var cmd = new Command("submit", "Submit a job to the cluster's coordinator (or resume it: the same command again continues where it stopped).")
        {
            source, job, batch, wait,
        };
        foreach (var o in pipeline.Own.Concat(segmenter.All)) cmd.Options.Add(o);
        cluster.AddTo(cmd);
        reading.AddTo(cmd);
        cmd.SetAction((pr, ct) =>
        {
            if (pipeline.TryResolve(pr) is not { } config) return Task.FromResult(CliFailure.BadArguments);
            var o = new Hosting.LocalRunOptions(pr.GetValue(source)!, "", pr.GetValue(job), config.DenoiseSetting, config.Segmentation, pr.GetValue(batch),
                Channel: config.Channel, PixelSize: config.PixelSize, TimeInterval: config.TimeInterval);
            if (!File.Exists(o.SourcePath) && !Directory.Exists(o.SourcePath))
                Console.Error.WriteLine($"warning: {o.SourcePath} is not visible here; it must exist at this path on the coordinator and the workers");
            if (o.BatchSize < 1)
            {
                Console.Error.WriteLine("error: --batch-size must be at least 1");
                return Task.FromResult(2);
            }
            if (RunCommand.CheckSettings(o) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return Task.FromResult(2);
            }
            var start = new StartJob(o.Job, o.SourcePath, o.Settings, o.BatchSize, o.Fingerprint);
            return WithConsole(cluster, pr, async node =>
            {
                var answer = await node.AskCoordinator(start, TimeSpan.FromHours(2), ct).ConfigureAwait(false);
                switch (answer)
                {
                    case JobRejected r:
                        await Console.Error.WriteLineAsync($"error: {r.Reason}").ConfigureAwait(false);
                        return 3;
                    case JobAccepted a when a.Resumed:
                        Console.WriteLine($"job '{a.JobId}' resumed: {a.FramesDone} of {a.FrameCount} frames already committed");
                        break;
                    case JobAccepted a:
                        Console.WriteLine($"job '{a.JobId}' submitted: {a.FrameCount} frames from {o.SourcePath}");
                        break;
                    default:
                        await Console.Error.WriteLineAsync($"error: unexpected answer {answer}").ConfigureAwait(false);
                        return 3;
                }
                if (!pr.GetValue(wait)) return 0;
                var last = DateTime.MinValue;
                while (true)
                {
                    var s = await node.AskCoordinator(new GetJobStatus(o.Job), AskTimeout, ct).ConfigureAwait(false);
                    if (s is JobStatus st)
                    {
                        if (st.State is JobPhase.Completed or JobPhase.Cancelled)
                        {
                            Print(st);
                            return st.State == JobPhase.Completed ? 0 : 3;
                        }
                        if (DateTime.UtcNow - last > TimeSpan.FromSeconds(5))
                        {
                            Console.WriteLine($"{st.JobId}: {st.State.StoredName()}, {st.FramesDone} / {st.FrameCount} frames, {st.FramesPerSecond:0.0} frames/s");
                            last = DateTime.UtcNow;
                        }
                    }
                    await Task.Delay(500, ct).ConfigureAwait(false);
                }
            }, ct);
        });
        return cmd;
    }

    public static Command Control(string name, string description, Func<string, ICommand> make)
    {
        var cluster = new ClusterCliOptions();
        var job = new Argument<string>("job") { Description = "Job name" };
        var cmd = new Command(name, description) { job };
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) => WithConsole(cluster, pr, async node =>
        {
            var answer = await node.AskCoordinator(make(pr.GetValue(job)!), AskTimeout, ct).ConfigureAwait(false);
            return Report(answer);
        }, ct));
        return cmd;
    }

    public static Command List()
    {
        var cluster = new ClusterCliOptions();
        var all = new Option<bool>("--all") { Description = "Include completed and cancelled jobs" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (README, \"JSON output\") instead of the table" };
        var cmd = new Command("list", "List the cluster's jobs (open ones; --all for every job).") { all, json };
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) => WithConsole(cluster, pr, async node =>
        {
            var answer = await node.AskCoordinator(new ListJobs(pr.GetValue(all)), AskTimeout, ct).ConfigureAwait(false);
            if (answer is not JobList list) return Report(answer);
            if (pr.GetValue(json))
            {
                JsonOutput.Write(new JobsDocument(list.Jobs.Select(JsonOutput.Job).ToList()));
                return CliFailure.Ok;
            }
            Console.WriteLine($"{"JOB",-24} {"STATE",-10} {"FRAMES",15} {"OBJECTS",10} {"ERRORS",7}");
            foreach (var j in list.Jobs)
                Console.WriteLine($"{j.JobId,-24} {j.State.StoredName(),-10} {j.FramesDone + " / " + j.FrameCount,15} {j.Objects,10} {j.Errors,7}");
            return 0;
        }, ct));
        return cmd;
    }

    /// <summary>Prints a job manager answer; returns the exit code.</summary>
    public static int Report(object answer)
    {
        switch (answer)
        {
            case JobStatus s:
                Print(s);
                return 0;
            case JobCommandRefused r:
                Console.Error.WriteLine($"error: {r.Reason}");
                return 3;
            default:
                Console.Error.WriteLine($"error: unexpected answer {answer}");
                return 3;
        }
    }

    public static void Print(JobStatus s)
    {
        var pct = s.FrameCount > 0 ? 100.0 * s.FramesDone / s.FrameCount : 100;
        Console.WriteLine($"job {s.JobId} ({s.State.StoredName()})");
        Console.WriteLine($"  source      {s.Source}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frames      {s.FramesDone} / {s.FrameCount} ({pct:0.0}%), {s.FramesWithCells} with cells"));
        Console.WriteLine($"  objects     {s.Objects}");
        Console.WriteLine($"  errors      {s.Errors}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  throughput  {s.FramesPerSecond:0.0} frames/s (last run; {s.Runs} run(s))"));
        if (s.Detectors is not null) Console.WriteLine($"  detectors   {DetectorSummary.Format(s.Detectors, s.Segmenter)}");
    }
}
