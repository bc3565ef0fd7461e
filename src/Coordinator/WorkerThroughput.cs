namespace CellActors.Coordinator;

/// <summary>
/// Recent throughput per worker: frames of the batches each committed, over a sliding window (in memory only, for
/// the live view; progress itself is in the journal and the database).
/// </summary>
public sealed class WorkerThroughput(TimeSpan window)
{
    private readonly Dictionary<string, Queue<(DateTimeOffset At, int Frames)>> _commits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary>The window: 30 s by default.</summary>
    public TimeSpan Window { get; } = window;

    /// <summary>A window of 30 s.</summary>
    public WorkerThroughput()
        : this(TimeSpan.FromSeconds(30))
    {
    }

    /// <summary>The worker asked for work for the first time at <paramref name="at"/> (its rate is measured from then until the window is full).</summary>
    public void Seen(string workerId, DateTimeOffset at) => _since.TryAdd(workerId, at);

    /// <summary>A batch of <paramref name="frames"/> frames that <paramref name="workerId"/> processed was committed at <paramref name="at"/>.</summary>
    public void Committed(string workerId, int frames, DateTimeOffset at)
    {
        _since.TryAdd(workerId, at);
        if (!_commits.TryGetValue(workerId, out var q)) _commits[workerId] = q = new();
        q.Enqueue((at, frames));
    }

    /// <summary>The worker is gone: forget it.</summary>
    public void Forget(string workerId)
    {
        _commits.Remove(workerId);
        _since.Remove(workerId);
    }

    /// <summary>Frames per second committed by <paramref name="workerId"/> over the window (or since it was first seen, when that is shorter).</summary>
    public double FramesPerSecond(string workerId, DateTimeOffset now)
    {
        if (!_commits.TryGetValue(workerId, out var q)) return 0;
        while (q.Count > 0 && now - q.Peek().At > Window) q.Dequeue();
        if (q.Count == 0) return 0;
        var span = _since.TryGetValue(workerId, out var since) && now - since < Window ? now - since : Window;
        return q.Sum(c => c.Frames) / Math.Max(1, span.TotalSeconds);
    }
}
