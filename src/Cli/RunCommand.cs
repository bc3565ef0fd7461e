using System.CommandLine;
using Akka.Actor;
using CellActors.Hosting;
using CellActors.Messages;
using CellActors.Storage;

namespace CellActors.Cli;

/// <summary><c>cellactors run SOURCE --out DIR</c>: the whole job in one process with embedded SQLite; resumable.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A CTC dataset folder, a sequence folder, a folder of TIFF/PNG files, or one file: a local path or webhdfs://namenode:9870/path (hdfs://namenode:8020/path)" };
        var output = new Option<string>("--out", "-o") { Description = "Results folder (cellactors.db, journal.db, cellactors.log)", Required = true };
        var job = new Option<string?>("--job") { Description = "Job name (default: the source folder's name)" };
        var force = new Option<bool>("--force") { Description = "Delete this folder's results and journal and start the job over" };
        var segmenter = new SegmenterCliOptions();
        var batch = new Option<int>("--batch-size") { Description = "Frames per batch", DefaultValueFactory = _ => 8 };
        var detectors = new Option<int?>("--detectors") { Description = "CPU detector actors (default: one per core)" };
        var gpus = new Option<string?>("--gpus") { Description = "GPU ids, e.g. 0,1: one detector pinned to each GPU (CUDA; needs a build with -p:OnnxGpu=true) instead of CPU detectors" };
        var decoders = new Option<int>("--decoders") { Description = "Decoder actors", DefaultValueFactory = _ => 1 };
        var inflight = new Option<int?>("--max-in-flight") { Description = "Batches in flight at most (default: 2 per detector + decoders)" };
        var attempts = new Option<int>("--max-attempts") { Description = "Leases of a batch that end without its rows (failure, killed process...) before it is bisected; a frame failing alone this often goes to errors", DefaultValueFactory = _ => 3 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var track = new Option<bool>("--track") { Description = "Track the cells once the job is complete (as `cellactors track` does)" };
        var tracking = new TrackingCliOptions();
        var reading = new ReadingCliOptions();
        var pipeline = new PipelineCliOptions(segmenter, tracking, reading, track);
        var cmd = new Command("run", "Process a source in one process (coordinator, detectors and decoders in one actor system, SQLite).")
        {
            source, output, job, force, batch, detectors, gpus, decoders, inflight, attempts, quiet, track,
        };
        foreach (var o in pipeline.Own.Concat(segmenter.All).Concat(tracking.All)) cmd.Options.Add(o);
        reading.AddTo(cmd);
        var ops = new OperationsCliOptions();
        ops.AddTo(cmd);
        cmd.SetAction((pr, ct) =>
        {
            // Flags > pipeline file > defaults; a bad file or flag stops here, before any job starts.
            if (pipeline.TryResolve(pr) is not { } config) return Task.FromResult(CliFailure.BadArguments);
            LocalRunOptions options;
            try
            {
                options = ops.Apply(new LocalRunOptions(
                    pr.GetValue(source)!, pr.GetValue(output)!, pr.GetValue(job), config.DenoiseSetting, config.Segmentation,
                    pr.GetValue(batch), pr.GetValue(detectors), pr.GetValue(decoders), pr.GetValue(inflight), pr.GetValue(gpus),
                    config.Channel, config.PixelSize, config.TimeInterval) { MaxAttempts = pr.GetValue(attempts) }, pr);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(CliFailure.BadArguments);
            }
            return RunAsync(options, pr.GetValue(force), pr.GetValue(quiet),
                config.TrackAfterRun ? new TrackJob("", config.Tracking, tracking.Parallelism(pr), pr.GetValue(tracking.ChunkFrames)) : null, ct);
        });
        return cmd;
    }

    private static async Task<int> RunAsync(LocalRunOptions o, bool force, bool quiet, TrackJob? track, CancellationToken ct)
    {
        if (Storages.IsRemote(o.Source))
        {
            // HDFS: check the source before anything starts (a wrong URL, user or token fails here, not inside the job).
            string? problem;
            try
            {
                problem = Storages.For(o.SourcePath).Stat(o.SourcePath) is null ? $"source not found: {o.SourcePath}" : null;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or HttpRequestException)
            {
                problem = $"cannot read source {o.SourcePath}: {e.Message}";
            }
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return 2;
            }
        }
        else if (!File.Exists(o.SourcePath) && !Directory.Exists(o.SourcePath))
        {
            await Console.Error.WriteLineAsync($"error: source not found: {o.SourcePath}").ConfigureAwait(false);
            return 2;
        }
        if (o.BatchSize < 1)
        {
            await Console.Error.WriteLineAsync("error: --batch-size must be at least 1").ConfigureAwait(false);
            return 2;
        }
        if (o.MaxAttempts < 1)
        {
            await Console.Error.WriteLineAsync("error: --max-attempts must be at least 1").ConfigureAwait(false);
            return 2;
        }
        if (CheckSettings(o) is { } invalid)
        {
            await Console.Error.WriteLineAsync($"error: {invalid}").ConfigureAwait(false);
            return 2;
        }
        if (force) DeleteJobFiles(o);

        await using var host = await LocalJobHost.StartAsync(o).ConfigureAwait(false);
        var started = await host.Coordinator.Ask<ICellActorsMessage>(host.StartCommand(), TimeSpan.FromHours(2), ct).ConfigureAwait(false);
        switch (started)
        {
            case JobRejected r:
                await Console.Error.WriteLineAsync($"error: {r.Reason}").ConfigureAwait(false);
                return 3;
            case JobAccepted a when a.Resumed && a.FramesDone > 0:
                Console.WriteLine($"resuming job '{o.Job}': {a.FramesDone} of {a.FrameCount} frames already committed");
                break;
            case JobAccepted a:
                Console.WriteLine($"job '{o.Job}': {a.FrameCount} frames from {o.SourcePath}");
                break;
        }

        var first = await host.Coordinator.Ask<JobProgress>(new GetJobProgress(o.Job), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (!quiet) Console.WriteLine($"detectors: {DetectorSummary.Format(first.Detectors, o.Segmentation)}");
        var display = new ProgressDisplay(quiet);
        JobProgress p;
        while (true)
        {
            try
            {
                p = await host.Coordinator.Ask<JobProgress>(new GetJobProgress(o.Job), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                continue; // the coordinator is being started again by its supervisor (see cellactors.log); it resumes the job by itself
            }
            display.Show(p);
            if (p.Completed) break;
            await Task.Delay(250, ct).ConfigureAwait(false);
        }
        display.Done();
        if (Environment.GetEnvironmentVariable("CELLACTORS_MEMINFO") == "1")
        {
            var gi = GC.GetGCMemoryInfo();
            using var me = System.Diagnostics.Process.GetCurrentProcess();
            Console.Error.WriteLine($"meminfo: heap {gi.HeapSizeBytes >> 20} MB committed {gi.TotalCommittedBytes >> 20} MB ws {me.WorkingSet64 >> 20} MB private {me.PrivateMemorySize64 >> 20} MB threads {me.Threads.Count} gen2 {GC.CollectionCount(2)}");
        }

        var s = host.Store.GetStatus(o.Job)!;
        Console.WriteLine($"done: {s.FrameCount} frames, {s.Objects} objects, {s.Errors} errors -> {o.DatabasePath}");
        if (s.Errors > 0) Console.WriteLine($"  inputs that could not be processed are listed in the errors table: sqlite3 {o.DatabasePath} 'SELECT uri, page, stage, error_type, message FROM errors'");
        if (host.Store.CountFrames(o.Job) == 0 && s.Errors > 0)
        {
            await Console.Error.WriteLineAsync($"error: every input failed ({s.Errors} errors); nothing was segmented. See the errors table in {o.DatabasePath}.").ConfigureAwait(false);
            return 1;
        }
        if (track is not null)
            return await TrackingCliOptions.TrackAsync(host.System, o.DatabasePath, track with { JobId = o.Job }, quiet, ct).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Checks denoising, the segmenter (a model's description and ONNX file) and the GPUs before anything starts; returns the problem or null.</summary>
    internal static string? CheckSettings(LocalRunOptions o)
    {
        if (ReadingCliOptions.Check(o) is { } reading) return reading;
        try
        {
            GpuWorker.FramePipeline.Validate(o.Settings);
            foreach (var d in o.Devices.Where(d => d.IsGpu)) Inference.OnnxRuntimeInfo.EnsureAvailable(d);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or Inference.ModelDescriptionException or Inference.InferenceDeviceException)
        {
            return e.Message;
        }
    }

    private static void DeleteJobFiles(LocalRunOptions o)
    {
        foreach (var baseName in new[] { o.DatabasePath, o.JournalPath })
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                if (File.Exists(baseName + suffix)) File.Delete(baseName + suffix);
    }
}
