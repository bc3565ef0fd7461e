namespace CellActors.Messages;

/// <summary>
/// A thread-safe sum of amounts recorded over the last <see cref="Window"/> (frames per second, a detector's busy
/// seconds per minute): each amount is kept with its time and dropped once it is older than the window.
/// </summary>
public sealed class SlidingSum(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, double Amount)> _entries = new();
    private readonly Lock _gate = new();
    private DateTimeOffset? _first;

    /// <summary>How far back the sum reaches.</summary>
    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), "the window must be positive");

    /// <summary>Records <paramref name="amount"/> at <paramref name="at"/>.</summary>
    public void Add(double amount, DateTimeOffset at)
    {
        lock (_gate)
        {
            _first ??= at;
            _entries.Enqueue((at, amount));
            Prune(at);
        }
    }

    /// <summary>The sum of what was recorded within the window before <paramref name="now"/>.</summary>
    public double Sum(DateTimeOffset now)
    {
        lock (_gate)
        {
            Prune(now);
            return _entries.Sum(e => e.Amount);
        }
    }

    /// <summary>
    /// <see cref="Sum"/> divided by the seconds it covers: the whole window, or the time since the first amount when
    /// that is shorter (a rate that does not read low during the first minute); 0 before anything was recorded.
    /// </summary>
    public double PerSecond(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_first is not { } first) return 0;
            Prune(now);
            var covered = Math.Min(Window.TotalSeconds, Math.Max(1, (now - first).TotalSeconds));
            return _entries.Sum(e => e.Amount) / covered;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_entries.Count > 0 && now - _entries.Peek().At > Window) _entries.Dequeue();
    }
}
