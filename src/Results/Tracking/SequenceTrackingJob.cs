using CellActors.Imaging.Tracking;
using CellActors.Messages;

namespace CellActors.Results.Tracking;

/// <summary>
/// Tracks one sequence of a job over its stored objects, a chunk of frames per <see cref="Step"/>: reads the chunk,
/// advances the tracker frame by frame and commits the chunk (track ids, tracks, progress) in one transaction.
/// Memory is the tracker's window plus one chunk, whatever the length of the sequence. Created from what the
/// database holds, so a new job object after a crash continues from the last committed chunk.
/// </summary>
public sealed class SequenceTrackingJob : IDisposable
{
    private readonly TrackingStore _store;
    private readonly string _job;
    private readonly SequenceKey _key;
    private readonly SequenceTracker? _tracker;
    private TrackingProgressRow _progress;

    /// <summary>Opens the database and the sequence's tracking row (creating it, or checking its settings).</summary>
    /// <exception cref="InvalidOperationException">the sequence was tracked with other settings.</exception>
    public SequenceTrackingJob(string resultsPath, string job, SequenceKey key, TrackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        _job = job;
        _key = key;
        _store = TrackingStore.Open(resultsPath);
        try
        {
            string? skip = key.ThreeD ? "3D sequence: its z planes are segmented one by one and 3D objects are not tracked" : null;
            _progress = _store.Begin(job, key, options, skip);
            if (_progress.Status == TrackingStatus.Skipped) return;
            _tracker = _store.Resume(job, _progress, options);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    /// <summary>The sequence.</summary>
    public SequenceKey Sequence => _key;

    /// <summary>Its tracking row as of the last commit.</summary>
    public TrackingProgressRow Progress => _progress;

    /// <summary>Tracks up to <paramref name="frames"/> more frames and commits them.</summary>
    public TrackingStep Step(int frames, CancellationToken cancel = default)
    {
        if (_tracker is null || _progress.Status == TrackingStatus.Done)
            return new TrackingStep(0, _progress.FramesTracked, _progress.FramesTotal, _progress.Tracks, _progress.Divisions, true);
        int after = _tracker.LastT ?? int.MinValue;
        var times = _store.NextTimes(_job, _key.Dataset, _key.Sequence, after, frames);
        var assignments = new List<(string, int, int)>();
        var changed = new Dictionary<int, Track>();
        int divisions = 0;
        if (times.Count > 0)
        {
            foreach (var (t, objects) in _store.ReadFrames(_job, _key.Dataset, _key.Sequence, after, times[^1]))
            {
                cancel.ThrowIfCancellationRequested();
                var r = _tracker.Advance(t, objects.Select(o => o.Object).ToList());
                for (int i = 0; i < objects.Count; i++) assignments.Add((objects[i].ImageId, objects[i].Object.Label, r.TrackIds[i]));
                foreach (var tr in r.Changed) changed[tr.Id] = tr;
                divisions += r.Divisions;
            }
        }
        bool finished = times.Count < frames;
        _store.Commit(_job, _key.Dataset, _key.Sequence, assignments, changed.Values.OrderBy(t => t.Id), _tracker, times.Count, divisions, finished);
        _progress = _store.Progress(_job, _key.Dataset, _key.Sequence)!;
        return new TrackingStep(times.Count, _progress.FramesTracked, _progress.FramesTotal, _progress.Tracks, _progress.Divisions, finished);
    }

    /// <summary>Records a failure in the tracking row.</summary>
    public void Fail(string message) => _store.Fail(_job, _key.Dataset, _key.Sequence, message);

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();
}
