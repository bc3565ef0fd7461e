using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CellActors.Messages;

/// <summary>
/// Every CellActors metric, defined once on one <see cref="Meter"/> (<see cref="MeterName"/>) and recorded where the
/// event happens: decoder commits, detector batches, the job coordinator's leases and journal writes. A node's
/// <c>/metrics</c> (OpenTelemetry's Prometheus exporter) shows them in Prometheus text; the Prometheus names are the
/// instrument names with dots as underscores, a unit suffix (<c>_seconds</c>, <c>_ratio</c>) and <c>_total</c> on
/// counters, e.g. <c>cellactors_frames_processed_total</c>. Everything is per process: a cluster's figure is the sum
/// over its nodes.
/// </summary>
public static class CellActorsMetrics
{
    /// <summary>The meter's name (what an OpenTelemetry MeterProvider listens to).</summary>
    public const string MeterName = "CellActors";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> FramesProcessed = Meter.CreateCounter<long>("cellactors.frames.processed", "{frame}",
        "Frames whose rows this process's decoders committed to the results database (a repeated delivery of a committed batch is not counted again)");

    private static readonly Counter<long> ObjectsWritten = Meter.CreateCounter<long>("cellactors.objects.written", "{object}",
        "Objects (segmented cells) whose rows this process's decoders committed");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("cellactors.errors", "{error}",
        "Rows written to the errors table (an input that could not be processed), by stage and error type");

    private static readonly Counter<long> BatchesLeased = Meter.CreateCounter<long>("cellactors.batches.leased", "{batch}",
        "Batches the job coordinators in this process leased to a detector");

    private static readonly Counter<long> BatchesRequeued = Meter.CreateCounter<long>("cellactors.batches.requeued", "{batch}",
        "Leases given up so the batch is sent again (worker lost, lease expired, batch failed and retried)");

    private static readonly Counter<long> BatchesFailed = Meter.CreateCounter<long>("cellactors.batches.failed", "{batch}",
        "Batch failures reported to the job coordinators in this process (detector or decoder)");

    private static readonly Counter<long> BatchesCompleted = Meter.CreateCounter<long>("cellactors.batches.completed", "{batch}",
        "Batches the job coordinators in this process recorded as committed");

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram("cellactors.db.commit.duration", "s",
        "Time a decoder takes to write one batch's rows to the results database (one transaction)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<double> JournalWriteDuration = Meter.CreateHistogram("cellactors.journal.write.duration", "s",
        "Time from a job coordinator's persist call to the journal's confirmation (leases, completions)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<double> DetectorBusyTime = Meter.CreateCounter<double>("cellactors.detector.busy.time", "s",
        "Seconds detectors spent processing batches (rate() of it per detector is its busy share)");

    private static readonly UpDownCounter<long> DecoderQueue = Meter.CreateUpDownCounter<long>("cellactors.decoder.queue.length", "{batch}",
        "Segmented batches waiting in this process's decoders (not counting the one being written)");

    private static readonly SlidingSum FrameWindow = new(TimeSpan.FromMinutes(1));
    private static readonly ConcurrentDictionary<string, SlidingSum> DetectorWindows = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (int InFlight, DateTimeOffset? Oldest)> Leases = new(StringComparer.Ordinal);

    static CellActorsMetrics()
    {
        Meter.CreateObservableGauge("cellactors.frames.rate", () => FrameWindow.PerSecond(DateTimeOffset.UtcNow), "{frame}/s",
            "Frames processed per second by this process's decoders over the last minute");
        Meter.CreateObservableGauge("cellactors.batches.in_flight",
            () => Leases.Select(j => new Measurement<int>(j.Value.InFlight, Job(j.Key))), "{batch}",
            "Batches leased and not yet committed, per job coordinated in this process");
        Meter.CreateObservableGauge("cellactors.lease.oldest.age",
            () => Leases.Select(j => new Measurement<double>(j.Value.Oldest is { } o ? Math.Max(0, (DateTimeOffset.UtcNow - o).TotalSeconds) : 0, Job(j.Key))), "s",
            "Age of the oldest lease in flight, per job coordinated in this process (0 with none)");
        Meter.CreateObservableGauge("cellactors.detector.busy.share",
            () => DetectorWindows.Select(d => new Measurement<double>(Math.Min(1, d.Value.PerSecond(DateTimeOffset.UtcNow)), new KeyValuePair<string, object?>("detector", d.Key))), "1",
            "Share of the last minute each detector spent processing batches (0 to 1)");
    }

    private static KeyValuePair<string, object?> Job(string job) => new("job", job);

    /// <summary>A decoder committed a batch's rows (a new commit, not a repeated delivery): <paramref name="frames"/> frames, <paramref name="objects"/> objects and the <paramref name="errors"/> rows.</summary>
    public static void BatchWritten(string job, int frames, int objects, IEnumerable<(string Stage, string Type)> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        FramesProcessed.Add(frames, Job(job));
        ObjectsWritten.Add(objects, Job(job));
        FrameWindow.Add(frames, DateTimeOffset.UtcNow);
        foreach (var (stage, type) in errors) ErrorRecorded(stage, type);
    }

    /// <summary>A row was written to the errors table.</summary>
    public static void ErrorRecorded(string stage, string type) =>
        Errors.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("type", type));

    /// <summary>A results database transaction that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) ended.</summary>
    public static void DatabaseCommitted(long startedTimestamp) => CommitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);

    /// <summary>A journal write that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) was confirmed.</summary>
    public static void JournalWritten(long startedTimestamp) => JournalWriteDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);

    /// <summary>A job coordinator applied a freshly persisted event (not one replayed on recovery): counts leases, requeues and completions.</summary>
    public static void EventPersisted(IPersistedEvent e)
    {
        switch (e)
        {
            case BatchLeased: BatchesLeased.Add(1); break;
            case BatchReleased: BatchesRequeued.Add(1); break;
            case BatchCompleted: BatchesCompleted.Add(1); break;
        }
    }

    /// <summary>A job coordinator was told a batch failed.</summary>
    public static void BatchFailureReported() => BatchesFailed.Add(1);

    /// <summary>A job coordinator's leases now: <paramref name="inFlight"/> batches, the oldest leased at <paramref name="oldest"/> (null with none).</summary>
    public static void LeasesNow(string job, int inFlight, DateTimeOffset? oldest) => Leases[job] = (inFlight, oldest);

    /// <summary>A job coordinator stopped (its gauges are no longer reported).</summary>
    public static void CoordinatorStopped(string job) => Leases.TryRemove(job, out _);

    /// <summary>A detector finished a batch (processed or failed) it worked on for <paramref name="busy"/>.</summary>
    public static void DetectorWorked(string detector, TimeSpan busy)
    {
        DetectorBusyTime.Add(busy.TotalSeconds, new KeyValuePair<string, object?>("detector", detector));
        DetectorWindows.GetOrAdd(detector, _ => new SlidingSum(TimeSpan.FromMinutes(1))).Add(busy.TotalSeconds, DateTimeOffset.UtcNow);
    }

    /// <summary>A decoder queued (+1) or took up (-1) a batch.</summary>
    public static void DecoderQueueChanged(int delta) => DecoderQueue.Add(delta);
}
