using Akka.Actor;
using Akka.Event;
using CellActors.Inference;
using CellActors.Messages;

namespace CellActors.GpuWorker;

/// <summary>
/// A detector: asks the coordinator for work (<see cref="RequestWork"/>), processes one batch at a time off its
/// mailbox (read → denoise → segment → RLE, see <see cref="FramePipeline"/>), hands the result to the decoders
/// with the batch's coordinator as sender, and asks for more. Holds at most <c>slots</c> batches.
/// In a cluster <c>coordinator</c> is the job manager singleton's proxy: when the manager acknowledges the detector
/// (<see cref="WorkerRegistered"/>) the detector watches it, and when it dies (its node crashed, the singleton moves)
/// or asks (<see cref="AnnounceCapacity"/>), the detector announces its free slots again, so a new coordinator
/// knows the demand the old one held. Without a manager (one process) it watches the coordinator that leases to it
/// instead, and announces its free slots again when that one is gone (its supervisor starts it again).
/// A detector is pinned to one device (<see cref="InferenceDevice"/>: the CPU or a CUDA device id), reported with its
/// requests for work so status can show it. Its ONNX sessions (<see cref="DetectorSessions"/>) are created once, on the
/// first batch that needs a model, and disposed when the detector stops.
/// </summary>
public sealed class DetectorActor : ReceiveActor
{
    private readonly IActorRef _coordinator;
    private readonly IActorRef _decoders;
    private readonly int _slots;
    private readonly TimeSpan _minBatchTime;
    private readonly Queue<(ProcessBatch Batch, IActorRef ReplyTo)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<(string Job, string Dataset, string Sequence)> _sequencesLogged = [];
    private bool _busy;
    private IActorRef? _manager;
    private IActorRef? _leaser;
    private FramePipeline? _pipeline;
    private PipelineSettings? _pipelineSettings;
    private readonly DetectorSessions _sessions;
    private Task _running = Task.CompletedTask;
    private long _batchStarted;

    private sealed record Processed(ProcessBatch Batch, IActorRef ReplyTo, DecodeBatch Result);

    private sealed record ProcessingFailed(ProcessBatch Batch, IActorRef ReplyTo, Exception Error);

    /// <summary>Props for a detector.</summary>
    /// <param name="coordinator">Where to ask for work (the coordinator, or the job manager singleton's proxy).</param>
    /// <param name="decoders">Where segmented batches go.</param>
    /// <param name="slots">Batches held at most.</param>
    /// <param name="minBatchTime">Pacing: a batch takes at least this long (a slow node, for fault drills and demos); zero by default.</param>
    /// <param name="device">The device its model sessions run on (default: the CPU).</param>
    /// <param name="intraOpThreads">CPU threads of a CPU session (0: ONNX Runtime's default).</param>
    public static Props Props(IActorRef coordinator, IActorRef decoders, int slots = 2, TimeSpan minBatchTime = default, InferenceDevice device = default, int intraOpThreads = 0) =>
        Akka.Actor.Props.Create(() => new DetectorActor(coordinator, decoders, slots, minBatchTime, device, intraOpThreads));

    /// <summary>Creates the detector; it announces its capacity on start.</summary>
    public DetectorActor(IActorRef coordinator, IActorRef decoders, int slots, TimeSpan minBatchTime, InferenceDevice device, int intraOpThreads)
    {
        _sessions = new DetectorSessions(device, intraOpThreads);
        _coordinator = coordinator;
        _decoders = decoders;
        _slots = Math.Max(1, slots);
        _minBatchTime = minBatchTime;

        Receive<ProcessBatch>(b =>
        {
            if (_manager is null && !Sender.Equals(_leaser))
            {
                if (_leaser is not null) Context.Unwatch(_leaser);
                _leaser = Sender;
                Context.Watch(_leaser);
            }
            _queue.Enqueue((b, Sender));
            StartNext();
        });
        Receive<Processed>(p =>
        {
            _busy = false;
            CellActorsMetrics.DetectorWorked(Self.Path.Name, System.Diagnostics.Stopwatch.GetElapsedTime(_batchStarted));
            LogFirstChoices(p.Result);
            _decoders.Tell(p.Result, p.ReplyTo);
            _coordinator.Tell(new RequestWork(WorkerId, 1, Provider));
            StartNext();
        });
        Receive<ProcessingFailed>(f =>
        {
            _busy = false;
            CellActorsMetrics.DetectorWorked(Self.Path.Name, System.Diagnostics.Stopwatch.GetElapsedTime(_batchStarted));
            _log.Error(f.Error, "batch {BatchId} of job {JobId} failed in the detector", f.Batch.BatchId, f.Batch.JobId);
            f.ReplyTo.Tell(new BatchFailed(f.Batch.JobId, f.Batch.BatchId, f.Error.ToString()));
            _coordinator.Tell(new RequestWork(WorkerId, 1, Provider));
            StartNext();
        });
        Receive<WorkerRegistered>(_ =>
        {
            if (Sender.Equals(_manager)) return;
            if (_manager is not null) Context.Unwatch(_manager);
            _manager = Sender;
            Context.Watch(_manager);
        });
        Receive<AnnounceCapacity>(a =>
        {
            _log.Info("announcing capacity again: {Reason}", a.Reason);
            Announce();
        });
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_leaser))
            {
                _leaser = null;
                _log.Warning("the coordinator at {Path} is gone: announcing capacity to its successor", t.ActorRef.Path);
                Announce();
                return;
            }
            if (!t.ActorRef.Equals(_manager)) return;
            _manager = null;
            _log.Warning("the job manager at {Path} is gone: announcing capacity to its successor", t.ActorRef.Path);
            Announce();
        });
    }

    /// <summary>This detector's id in leases: its node address, path and uid (unique across nodes and restarts of a node).</summary>
    private string WorkerId => _workerId ??= $"{Self.Path.ToStringWithAddress(((ExtendedActorSystem)Context.System).Provider.DefaultAddress)}#{Self.Path.Uid}";

    private string? _workerId;

    /// <summary>Free slots right now: the demand a coordinator that knows nothing of this detector should get.</summary>
    private int FreeSlots => _slots - _queue.Count - (_busy ? 1 : 0);

    private void Announce()
    {
        if (FreeSlots > 0) _coordinator.Tell(new RequestWork(WorkerId, FreeSlots, Provider));
    }

    /// <inheritdoc />
    protected override void PreStart() => _coordinator.Tell(new RequestWork(WorkerId, _slots, Provider));

    /// <summary>The device this detector's models run on, as status shows it (<c>cpu</c>, <c>cuda:N</c>).</summary>
    private string Provider => _sessions.Device.ToString();

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stop.Cancel();
        // a batch still running uses the sessions: dispose them when it has ended
        var (sessions, stop) = (_sessions, _stop);
        _running.ContinueWith(_ =>
        {
            sessions.Dispose();
            stop.Dispose();
        }, TaskScheduler.Default);
        _pipeline?.Dispose();
    }

    private void StartNext()
    {
        if (_busy || _queue.Count == 0) return;
        var (batch, replyTo) = _queue.Dequeue();
        _busy = true;
        _batchStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_pipeline is null || _pipelineSettings != batch.Settings)
        {
            try
            {
                _pipeline?.Dispose();
                _pipeline = null;
                _pipeline = new FramePipeline(batch.Settings, _sessions);
                _pipelineSettings = batch.Settings;
                _log.Info("detector on {Provider}: segmenter {Segmenter}", Provider, _pipeline.Segmenter.Name);
            }
            catch (Exception e) when (e is ArgumentException or ModelDescriptionException or InferenceDeviceException)
            {
                Self.Tell(new ProcessingFailed(batch, replyTo, e));
                return;
            }
        }
        var pipeline = _pipeline;
        var token = _stop.Token;
        var pace = _minBatchTime;
        var work = Task.Run(async () =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = Run(pipeline, batch, token);
            if (started.Elapsed < pace) await Task.Delay(pace - started.Elapsed, token).ConfigureAwait(false);
            return result;
        }, token);
        _running = work;
        work.PipeTo(Self,
            success: r => new Processed(batch, replyTo, r),
            failure: e => new ProcessingFailed(batch, replyTo, e));
    }

    /// <summary>Logs what the segmenter chose for the first frame of each sequence this detector sees (the rest is in <c>frame_segmentation</c>).</summary>
    private void LogFirstChoices(DecodeBatch batch)
    {
        foreach (var f in batch.Frames)
        {
            if (f.Segmentation is not { } c || !_sequencesLogged.Add((batch.JobId, f.Frame.Dataset, f.Frame.Sequence))) continue;
            _log.Info("job {JobId}, first frame {ImageId} of its sequence: {Segmenter}, {Choice}", batch.JobId, f.Frame.ImageId, c.Segmenter,
                FormattableString.Invariant($"{(c.Modality.Length > 0 ? c.Modality : "-")}, {(c.Inverted ? "inverted" : "as is")} (background at {c.BackgroundPosition:0.00} of the range), noise {c.Noise:0.000} of the range, objects ~{c.TypicalDiameter:0} px, scale {c.Scale:0.###}"));
            if (_sequencesLogged.Count > 10_000) _sequencesLogged.Clear(); // a folder of loose images: one sequence each
        }
    }

    private static DecodeBatch Run(FramePipeline pipeline, ProcessBatch batch, CancellationToken token)
    {
        var frames = new List<SegmentedFrame>(batch.Frames.Count);
        var failures = new List<FrameFailure>();
        foreach (var f in batch.Frames)
        {
            token.ThrowIfCancellationRequested();
            TestFaultTrigger.CrashIfAsked(f);
            var (ok, bad) = pipeline.Process(f);
            if (ok is not null) frames.Add(ok);
            if (bad is not null) failures.Add(bad);
        }
        return new DecodeBatch(batch.JobId, batch.RunId, batch.BatchId, frames, failures);
    }
}
