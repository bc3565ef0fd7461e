using Akka.Actor;
using Akka.Event;
using CellActors.Messages;
using CellActors.Results;

namespace CellActors.GpuWorker;

/// <summary>
/// A decoder: decodes each segmented frame's RLEs, measures the objects and commits the batch's rows in one
/// idempotent transaction, then tells the coordinator (<see cref="BatchRowsCommitted"/>). One batch at a time.
/// </summary>
public sealed class DecoderActor : ReceiveActor
{
    private readonly ResultStore _store;
    private readonly Queue<(DecodeBatch Batch, IActorRef ReplyTo)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy;

    private sealed record Written(IActorRef ReplyTo, ICellActorsMessage Reply, bool New = true);

    /// <summary>Props for a decoder writing to <paramref name="store"/>.</summary>
    public static Props Props(ResultStore store) => Akka.Actor.Props.Create(() => new DecoderActor(store));

    /// <summary>Creates the decoder.</summary>
    public DecoderActor(ResultStore store)
    {
        _store = store;
        Receive<DecodeBatch>(b =>
        {
            _queue.Enqueue((b, Sender));
            CellActorsMetrics.DecoderQueueChanged(+1);
            StartNext();
        });
        Receive<Written>(w =>
        {
            _busy = false;
            if (w.Reply is BatchFailed f) _log.Error("batch {BatchId} of job {JobId} could not be written: {Reason}", f.BatchId, f.JobId, f.Reason);
            else if (w.Reply is BatchRowsCommitted { } c && w.New) _log.Info("committed batch {BatchId} of job {JobId}: {Frames} frames, {Objects} objects", c.BatchId, c.JobId, c.Frames, c.Objects);
            else if (w.Reply is BatchRowsCommitted { } d) _log.Warning("batch {BatchId} of job {JobId} was committed already: this delivery's result is discarded", d.BatchId, d.JobId);
            w.ReplyTo.Tell(w.Reply);
            StartNext();
        });
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        CellActorsMetrics.DecoderQueueChanged(-_queue.Count);
        _stop.Cancel();
        _stop.Dispose();
    }

    private void StartNext()
    {
        if (_busy || _queue.Count == 0) return;
        var (batch, replyTo) = _queue.Dequeue();
        CellActorsMetrics.DecoderQueueChanged(-1);
        _busy = true;
        var store = _store;
        Task.Run(() => CommitOnce(store, batch), _stop.Token).PipeTo(Self,
            success: r => new Written(replyTo, r.Reply, r.Written),
            failure: e => new Written(replyTo, new BatchFailed(batch.JobId, batch.BatchId, e.ToString())));
    }

    /// <summary>Decodes, measures and writes one batch (the decoder's whole job, without the actor).</summary>
    public static BatchRowsCommitted Commit(ResultStore store, DecodeBatch batch) => CommitOnce(store, batch).Reply;

    /// <summary>Like <see cref="Commit"/>; <c>Written</c> is false when the batch was committed already (a repeated delivery).</summary>
    public static (BatchRowsCommitted Reply, bool Written) CommitOnce(ResultStore store, DecodeBatch batch)
    {
        var frames = new List<FrameRow>(batch.Frames.Count);
        var objects = new List<ObjectRow>();
        var frameChannels = new List<FrameIntensityRow>();
        var objectChannels = new List<ObjectIntensityRow>();
        foreach (var s in batch.Frames)
        {
            var (frame, rows) = FrameDecoder.ToRows(s);
            frames.Add(frame);
            objects.AddRange(rows);
            var (fc, oc) = FrameDecoder.ChannelRows(s);
            frameChannels.AddRange(fc);
            objectChannels.AddRange(oc);
        }
        var errors = batch.Failures.Select(FrameDecoder.ToRow).ToList();
        var choices = batch.Frames.Where(s => s.Segmentation is not null).Select(FrameDecoder.ToSegmentationRow).ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var written = store.CommitBatch(batch.JobId, batch.BatchId, batch.RunId, frames, objects, errors, frameChannels, objectChannels, choices);
        CellActorsMetrics.DatabaseCommitted(started);
        if (written) CellActorsMetrics.BatchWritten(batch.JobId, frames.Count, objects.Count, batch.Failures.Select(f => (f.Stage, f.ErrorType)));
        return (new BatchRowsCommitted(batch.JobId, batch.BatchId, frames.Count, objects.Count, errors.Count), written);
    }
}
