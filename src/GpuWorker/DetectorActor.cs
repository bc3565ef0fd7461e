using Akka.Actor;
using Akka.Event;
using CellActors.Messages;

namespace CellActors.GpuWorker;

/// <summary>
/// A detector: asks the coordinator for work (<see cref="RequestWork"/>), processes one batch at a time off its
/// mailbox (read → denoise → segment → RLE, see <see cref="FramePipeline"/>), hands the result to the decoders
/// with the coordinator as sender, and asks for more. Holds at most <c>slots</c> batches.
/// </summary>
public sealed class DetectorActor : ReceiveActor
{
    private readonly IActorRef _coordinator;
    private readonly IActorRef _decoders;
    private readonly int _slots;
    private readonly Queue<(ProcessBatch Batch, IActorRef ReplyTo)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy;
    private FramePipeline? _pipeline;
    private PipelineSettings? _pipelineSettings;

    private sealed record Processed(ProcessBatch Batch, IActorRef ReplyTo, DecodeBatch Result);

    private sealed record ProcessingFailed(ProcessBatch Batch, IActorRef ReplyTo, Exception Error);

    /// <summary>Props for a detector.</summary>
    public static Props Props(IActorRef coordinator, IActorRef decoders, int slots = 2) =>
        Akka.Actor.Props.Create(() => new DetectorActor(coordinator, decoders, slots));

    /// <summary>Creates the detector; it announces its capacity on start.</summary>
    public DetectorActor(IActorRef coordinator, IActorRef decoders, int slots)
    {
        _coordinator = coordinator;
        _decoders = decoders;
        _slots = Math.Max(1, slots);

        Receive<ProcessBatch>(b =>
        {
            _queue.Enqueue((b, Sender));
            StartNext();
        });
        Receive<Processed>(p =>
        {
            _busy = false;
            _decoders.Tell(p.Result, p.ReplyTo);
            p.ReplyTo.Tell(new RequestWork(Self.Path.ToString(), 1));
            StartNext();
        });
        Receive<ProcessingFailed>(f =>
        {
            _busy = false;
            _log.Error(f.Error, "batch {BatchId} of job {JobId} failed in the detector", f.Batch.BatchId, f.Batch.JobId);
            f.ReplyTo.Tell(new BatchFailed(f.Batch.JobId, f.Batch.BatchId, f.Error.ToString()));
            f.ReplyTo.Tell(new RequestWork(Self.Path.ToString(), 1));
            StartNext();
        });
    }

    /// <inheritdoc />
    protected override void PreStart() => _coordinator.Tell(new RequestWork(Self.Path.ToString(), _slots));

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void StartNext()
    {
        if (_busy || _queue.Count == 0) return;
        var (batch, replyTo) = _queue.Dequeue();
        _busy = true;
        if (_pipeline is null || _pipelineSettings != batch.Settings)
        {
            _pipeline = new FramePipeline(batch.Settings);
            _pipelineSettings = batch.Settings;
        }
        var pipeline = _pipeline;
        var token = _stop.Token;
        Task.Run(() => Run(pipeline, batch, token), token).PipeTo(Self,
            success: r => new Processed(batch, replyTo, r),
            failure: e => new ProcessingFailed(batch, replyTo, e));
    }

    private static DecodeBatch Run(FramePipeline pipeline, ProcessBatch batch, CancellationToken token)
    {
        var frames = new List<SegmentedFrame>(batch.Frames.Count);
        var failures = new List<FrameFailure>();
        foreach (var f in batch.Frames)
        {
            token.ThrowIfCancellationRequested();
            var (ok, bad) = pipeline.Process(f);
            if (ok is not null) frames.Add(ok);
            if (bad is not null) failures.Add(bad);
        }
        return new DecodeBatch(batch.JobId, batch.RunId, batch.BatchId, frames, failures);
    }
}
