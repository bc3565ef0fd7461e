// Tracking benchmark: thousands of moving, occasionally dividing discs per frame.
//   TrackBench pure  --frames 100 --objects 5000          tracker alone, objects in memory
//   TrackBench gen   DB --frames 100 --objects 5000        writes a completed results database (no images needed)
//   TrackBench track DB [--chunk 50]                       tracks it as `cellactors track` does (read, link, commit)
// Prints wall time, frames/s, objects/s and peak resident memory (VmHWM) of this process.
using System.Diagnostics;
using System.Globalization;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results;
using CellActors.Results.Tracking;

var cmd = args.Length > 0 ? args[0] : "pure";
int Arg(string name, int def) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : def;
int frames = Arg("--frames", 100), objects = Arg("--objects", 5000), seed = Arg("--seed", 1), chunk = Arg("--chunk", 50);
int side = (int)Math.Ceiling(Math.Sqrt(objects * 900.0)); // ~30 px between cell centres
var sw = Stopwatch.StartNew();
switch (cmd)
{
    case "pure":
    {
        var tracker = new SequenceTracker(new TrackingOptions());
        long links = 0, divisions = 0;
        double genSeconds = 0;
        var world = new World(objects, side, seed);
        for (int t = 0; t < frames; t++)
        {
            var g = Stopwatch.StartNew();
            var frame = world.Next();
            genSeconds += g.Elapsed.TotalSeconds;
            var r = tracker.Advance(t, frame);
            links += frame.Count;
            divisions += r.Divisions;
        }
        double secs = sw.Elapsed.TotalSeconds - genSeconds;
        Console.WriteLine(FormattableString.Invariant($"pure: {frames} frames x ~{objects} objects ({links} objects, {side}x{side} px): tracking {secs:F2} s ({frames / secs:F1} frames/s, {links / secs:F0} objects/s), {tracker.NextTrackId - 1} tracks, {divisions} divisions, window {tracker.OpenTracks} tracks, peak RSS {PeakMb()} MB"));
        break;
    }
    case "gen":
    {
        var path = args[1];
        if (File.Exists(path)) File.Delete(path);
        using var store = ResultStore.OpenSqlite(path);
        var manifest = Enumerable.Range(0, frames).Select(t => new FrameRef(t, "Bench", "01", t, 0, $"/bench/t{t:D5}.tif", 0, $"Bench/01/t{t:D5}")).ToList();
        store.CreateJob("bench", "/bench", "fp", 1, manifest, []);
        int run = store.StartRun("bench");
        var world = new World(objects, side, seed);
        long total = 0;
        for (int t = 0; t < frames; t++)
        {
            var frame = world.Next();
            string id = $"Bench/01/t{t:D5}";
            var rows = frame.Select(o => new ObjectRow(id, o.Label, o.Area, o.X, o.Y, o.BboxX, o.BboxY, o.BboxWidth, o.BboxHeight,
                0, 0, 0, 0, 0, 0, 0, o.EquivalentDiameter, 1, 1, o.ToRle())).ToList();
            long area = frame.Sum(o => o.Area);
            store.CommitBatch("bench", t, run, [new FrameRow(id, "Bench", "01", t, 0, side, side, rows.Count, area, (long)side * side, area / ((double)side * side), 0, 0, 0, 0, $"/bench/t{t:D5}.tif", 0)], rows, []);
            total += rows.Count;
        }
        store.CompleteJob("bench");
        Console.WriteLine(FormattableString.Invariant($"gen: {frames} frames, {total} objects, {side}x{side} px -> {path} in {sw.Elapsed.TotalSeconds:F1} s"));
        break;
    }
    case "track":
    {
        var path = args[1];
        using (var store = TrackingStore.Open(path)) store.Reset("bench");
        var key = new SequenceKey("Bench", "01", frames, false);
        using var job = new SequenceTrackingJob(path, "bench", key, new TrackingOptions());
        TrackingStep step;
        do step = job.Step(chunk); while (!step.Finished);
        double secs = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"track: {step.FramesTracked} frames in {secs:F2} s ({step.FramesTracked / secs:F1} frames/s) read + link + commit, {step.Tracks} tracks, {step.Divisions} divisions, chunk {chunk}, peak RSS {PeakMb()} MB"));
        break;
    }
    default:
        Console.Error.WriteLine("usage: TrackBench pure|gen DB|track DB [--frames N] [--objects K] [--seed S] [--chunk C]");
        return 2;
}
return 0;


static long PeakMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    return -1;
}

/// <summary>Discs on a random walk in a square field; about one in 500 divides each frame (population kept near its start).</summary>
internal sealed class World(int count, int side, int seed)
{
    private readonly Random _rng = new(seed);
    private readonly List<(double X, double Y, double R)> _cells = Enumerable.Range(0, count).Select(_ => (0.0, 0.0, 0.0)).ToList();
    private bool _started;
    private readonly int _target = count;

    public List<TrackedObject> Next()
    {
        if (!_started)
        {
            for (int i = 0; i < _cells.Count; i++) _cells[i] = (5 + _rng.NextDouble() * (side - 10), 5 + _rng.NextDouble() * (side - 10), 3.5 + _rng.NextDouble() * 1.5);
            _started = true;
        }
        else
        {
            var next = new List<(double, double, double)>(_cells.Count + 16);
            foreach (var (x, y, r) in _cells)
            {
                if (_cells.Count < _target * 1.05 && _rng.NextDouble() < 0.002)
                {
                    double a = _rng.NextDouble() * Math.PI, d = r * 0.6, rr = r / Math.Sqrt(2);
                    next.Add(Clamp(x + d * Math.Cos(a), y + d * Math.Sin(a), rr));
                    next.Add(Clamp(x - d * Math.Cos(a), y - d * Math.Sin(a), rr));
                    continue;
                }
                double grow = r < 4.5 ? 0.05 : 0;
                next.Add(Clamp(x + Gauss(), y + Gauss(), r + grow));
            }
            _cells.Clear();
            _cells.AddRange(next);
        }
        var objects = new List<TrackedObject>(_cells.Count);
        for (int i = 0; i < _cells.Count; i++) objects.Add(Disc(i + 1, _cells[i]));
        return objects;
    }

    private (double, double, double) Clamp(double x, double y, double r) => (Math.Clamp(x, 6, side - 7), Math.Clamp(y, 6, side - 7), r);

    private double Gauss() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private TrackedObject Disc(int label, (double X, double Y, double R) c)
    {
        var runs = new List<int>();
        long area = 0;
        double sx = 0, sy = 0;
        int minX = int.MaxValue, maxX = int.MinValue, minY = int.MaxValue, maxY = int.MinValue;
        for (int x = (int)Math.Ceiling(c.X - c.R); x <= (int)Math.Floor(c.X + c.R); x++)
        {
            double half = Math.Sqrt(Math.Max(0, c.R * c.R - (x - c.X) * (x - c.X)));
            int y0 = (int)Math.Ceiling(c.Y - half), y1 = (int)Math.Floor(c.Y + half);
            if (y1 < y0) continue;
            runs.Add(x * side + y0);
            runs.Add(y1 - y0 + 1);
            area += y1 - y0 + 1;
            sx += (double)x * (y1 - y0 + 1);
            sy += (y0 + y1) / 2.0 * (y1 - y0 + 1);
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y0); maxY = Math.Max(maxY, y1);
        }
        return new TrackedObject(label, area, sx / area, sy / area, minX, minY, maxX - minX + 1, maxY - minY + 1, runs.ToArray());
    }
}
