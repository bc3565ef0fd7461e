using System.Diagnostics;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>Live progress: one rewritten line with frames/s and ETA on a terminal, a plain line every 5 s otherwise.</summary>
internal sealed class ProgressDisplay(bool quiet)
{
    private readonly bool _tty = !Console.IsOutputRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(double T, long Done)> _window = new();
    private double _lastPlain = -10;
    private long _startDone = -1;
    private bool _wrote;

    public void Show(JobProgress p) =>
        Show("frames", p.FramesDone, p.FrameCount, $"in flight {p.BatchesInFlight}", p.Completed);

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/> <paramref name="unit"/> with rate and ETA.</summary>
    public void Show(string unit, long done, long total, string extra = "", bool completed = false)
    {
        if (quiet) return;
        var now = _clock.Elapsed.TotalSeconds;
        if (_startDone < 0) _startDone = done;
        _window.Enqueue((now, done));
        while (_window.Count > 2 && now - _window.Peek().T > 10) _window.Dequeue();
        var (t0, d0) = _window.Peek();
        var fps = now - t0 > 0.5 ? (done - d0) / (now - t0) : (now > 0 ? (done - _startDone) / now : 0);
        var left = total - done;
        var eta = fps > 0 ? TimeSpan.FromSeconds(left / fps).ToString(@"hh\:mm\:ss") : "--:--:--";
        var pct = total > 0 ? 100.0 * done / total : 100;
        var line = $"{done}/{total} {unit} ({pct:0.0}%)  {fps:0.0} frames/s  ETA {eta}  {extra}".TrimEnd();
        if (_tty)
        {
            const int barWidth = 24;
            var filled = (int)(barWidth * pct / 100);
            Console.Write($"\r[{new string('#', filled)}{new string('.', barWidth - filled)}] {line}   ");
            _wrote = true;
        }
        else if (now - _lastPlain >= 5 || completed)
        {
            Console.WriteLine(line);
            _lastPlain = now;
        }
    }

    public void Done()
    {
        if (_wrote) Console.WriteLine();
    }
}
