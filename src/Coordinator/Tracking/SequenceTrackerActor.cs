using Akka.Actor;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results.Tracking;

namespace CellActors.Coordinator.Tracking;

/// <summary>
/// Tracks one sequence of a job: runs <see cref="SequenceTrackingJob.Step"/> off the mailbox, one chunk of frames at
/// a time (each chunk committed before the next starts), reports <see cref="SequenceProgressed"/> to its parent after
/// each chunk and <see cref="SequenceTracked"/> at the end, then stops. Failures become a <c>failed</c> status in the
/// <c>tracking</c> table and in the report; nothing committed is lost.
/// </summary>
public sealed class SequenceTrackerActor : ReceiveActor
{
    private readonly string _resultsPath;
    private readonly string _job;
    private readonly SequenceKey _key;
    private readonly TrackingOptions _options;
    private readonly int _chunk;
    private readonly CancellationTokenSource _stop = new();
    private SequenceTrackingJob? _work;
    private Task? _running;

    private sealed record NextChunk;

    private sealed record ChunkDone(TrackingStep Step);

    private sealed record ChunkFailed(Exception Error);

    /// <summary>Props for a sequence tracker.</summary>
    public static Props Props(string resultsPath, string job, SequenceKey key, TrackingOptions options, int chunkFrames = 50) =>
        Akka.Actor.Props.Create(() => new SequenceTrackerActor(resultsPath, job, key, options, chunkFrames));

    /// <summary>Creates the actor; it starts on its own.</summary>
    public SequenceTrackerActor(string resultsPath, string job, SequenceKey key, TrackingOptions options, int chunkFrames)
    {
        _resultsPath = resultsPath;
        _job = job;
        _key = key;
        _options = options;
        _chunk = Math.Max(1, chunkFrames);

        Receive<NextChunk>(_ =>
        {
            var token = _stop.Token;
            var task = Task.Run(() =>
            {
                _work ??= new SequenceTrackingJob(_resultsPath, _job, _key, _options);
                return _work.Step(_chunk, token);
            }, token);
            _running = task;
            task.PipeTo(Self, success: s => new ChunkDone(s), failure: e => new ChunkFailed(e));
        });
        Receive<ChunkDone>(d =>
        {
            var s = d.Step;
            if (!s.Finished)
            {
                Context.Parent.Tell(new SequenceProgressed(_job, _key.Dataset, _key.Sequence, s.FramesTracked, s.FramesTotal, s.Tracks, s.Divisions));
                Self.Tell(new NextChunk());
                return;
            }
            var p = _work!.Progress;
            Context.Parent.Tell(new SequenceTracked(_job, _key.Dataset, _key.Sequence, s.FramesTracked, s.Tracks, s.Divisions, p.Status, p.Message));
            Context.Stop(Self);
        });
        Receive<ChunkFailed>(f =>
        {
            var error = f.Error is AggregateException { InnerException: { } inner } ? inner : f.Error;
            string message = $"{error.GetType().Name}: {error.Message}";
            try
            {
                _work?.Fail(message);
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                message += $" (and recording the failure failed: {e.Message})";
            }
            var p = _work?.Progress;
            Context.Parent.Tell(new SequenceTracked(_job, _key.Dataset, _key.Sequence, p?.FramesTracked ?? 0, p?.Tracks ?? 0, p?.Divisions ?? 0, TrackingStatus.Failed, message));
            Context.Stop(Self);
        });
    }

    /// <inheritdoc />
    protected override void PreStart() => Self.Tell(new NextChunk());

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stop.Cancel();
        var work = _work;
        void Release()
        {
            work?.Dispose();
            _stop.Dispose();
        }
        if (_running is { IsCompleted: false } running) running.ContinueWith(_ => Release(), TaskScheduler.Default);
        else Release();
    }
}
