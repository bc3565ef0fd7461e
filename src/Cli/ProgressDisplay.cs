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

    public void Show(JobProgress p)
    {
        if (quiet) return;
        var now = _clock.Elapsed.TotalSeconds;
        if (_startDone < 0) _startDone = p.FramesDone;
        _window.Enqueue((now, p.FramesDone));
        while (_window.Count > 2 && now - _window.Peek().T > 10) _window.Dequeue();
        var (t0, d0) = _window.Peek();
        var fps = now - t0 > 0.5 ? (p.FramesDone - d0) / (now - t0) : (now > 0 ? (p.FramesDone - _startDone) / now : 0);
        var left = p.FrameCount - p.FramesDone;
        var eta = fps > 0 ? TimeSpan.FromSeconds(left / fps).ToString(@"hh\:mm\:ss") : "--:--:--";
        var pct = p.FrameCount > 0 ? 100.0 * p.FramesDone / p.FrameCount : 100;
        var line = $"{p.FramesDone}/{p.FrameCount} frames ({pct:0.0}%)  {fps:0.0} frames/s  ETA {eta}  in flight {p.BatchesInFlight}";
        if (_tty)
        {
            const int barWidth = 24;
            var filled = (int)(barWidth * pct / 100);
            Console.Write($"\r[{new string('#', filled)}{new string('.', barWidth - filled)}] {line}   ");
            _wrote = true;
        }
        else if (now - _lastPlain >= 5 || p.Completed)
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
