using System.Diagnostics;
using CellActors.Imaging;

// RLE throughput against a plain memory copy of the same label buffer.
// Usage: dotnet run -c Release --project benchmarks/RleBench [-- reps]
if (args.Length > 0 && args[0] == "synth")
{
    // Synthetic time-lapse generation speed (files written to a temp folder, then removed).
    foreach (var (frames, h, w, cells) in new[] { (1000, 256, 256, 12), (50, 832, 992, 150) })
    {
        string dir = Path.Combine(Path.GetTempPath(), "rlebench-synth-" + Environment.ProcessId);
        var sw = Stopwatch.StartNew();
        var s = SyntheticTimeLapse.Generate(dir, new SynthOptions(Frames: frames, Height: h, Width: w, InitialCells: cells));
        double written = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var f in SyntheticTimeLapse.Frames(new SynthOptions(Frames: frames, Height: h, Width: w, InitialCells: cells))) f.Dispose();
        double inMemory = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"synth {frames} frames {h}x{w}, {cells} cells: files {written:F2} s ({1000 * written / frames:F2} ms/frame), in memory {inMemory:F2} s; tracks {s.TotalTracks}, divisions {s.Divisions}");
        Directory.Delete(dir, true);
    }
    return;
}
int reps = args.Length > 0 ? int.Parse(args[0]) : 51;

Console.WriteLine($"RleBench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, reps {reps} (median)");
Console.WriteLine();
Console.WriteLine("| image     | objects | fg %  | runs  | rle chars | copy ms | clone ms | encode ms | decode ms | enc/copy | dec/copy | (enc+dec)/copy | (enc+dec)/clone |");
Console.WriteLine("|-----------|--------:|------:|------:|----------:|--------:|---------:|----------:|----------:|---------:|---------:|---------------:|----------------:|");
Bench(832, 992, 200, 20, 1);
Bench(2048, 2048, 270, 40, 2);
Bench(2048, 2048, 1100, 20, 3);

void Bench(int h, int w, int objects, double meanRadius, int seed)
{
    var img = Blobs(h, w, objects, meanRadius, seed);
    int fg = img.Labels.Count(l => l != 0);
    var rles = Rle.EncodeAll(img);
    var back = Rle.DecodeAll(rles, h, w);
    if (!back.Labels.AsSpan().SequenceEqual(img.Labels)) throw new InvalidOperationException("round trip failed");
    int runs = rles.Sum(r => r.Count(c => c == ' ') + (r.Length > 0 ? 1 : 0)) / 2;
    long chars = rles.Sum(r => (long)r.Length);

    var dst = new int[img.Labels.Length];
    double copy = Median(() => img.Labels.AsSpan().CopyTo(dst));
    double clone = Median(() => GC.KeepAlive(img.Labels.Clone()));
    double enc = Median(() => GC.KeepAlive(Rle.EncodeAll(img)));
    double dec = Median(() => GC.KeepAlive(Rle.DecodeAll(rles, h, w)));
    double decReuse = Median(() =>
    {
        Rle.DecodeAllInto(rles, dst, h, w);
    });
    Console.WriteLine($"   decode into a reused buffer: {decReuse:F3} ms");
    Console.WriteLine(
        $"| {h}x{w,-4} | {img.Count,7} | {100.0 * fg / img.Labels.Length,5:F1} | {runs,5} | {chars,9} | {copy,7:F3} | {clone,8:F3} | {enc,9:F3} | {dec,9:F3} | {enc / copy,8:F2} | {dec / copy,8:F2} | {(enc + dec) / copy,14:F2} | {(enc + dec) / clone,15:F2} |");
}

double Median(Action a)
{
    for (int i = 0; i < 20; i++) a(); // warm-up (tiered JIT, caches)
    var t = new double[reps];
    for (int i = 0; i < reps; i++)
    {
        long s = Stopwatch.GetTimestamp();
        a();
        t[i] = Stopwatch.GetElapsedTime(s).TotalMilliseconds;
    }
    Array.Sort(t);
    return t[reps / 2];
}

// Seeded blob-shaped objects (rotated ellipses with wobbly outlines), non-overlapping by "first wins",
// relabelled to 1..n.
static LabelImage Blobs(int h, int w, int n, double meanRadius, int seed)
{
    var rnd = new Random(seed);
    var labels = new int[h * w];
    int next = 0;
    for (int o = 0; o < n; o++)
    {
        double cy = rnd.NextDouble() * h, cx = rnd.NextDouble() * w;
        double a = meanRadius * (0.6 + 0.8 * rnd.NextDouble()), b = a * (0.55 + 0.45 * rnd.NextDouble());
        double th = rnd.NextDouble() * Math.PI, c = Math.Cos(th), s = Math.Sin(th);
        double wob = 0.1 * rnd.NextDouble(), ph = rnd.NextDouble() * 6.28;
        int label = ++next, r = (int)Math.Ceiling(a * 1.2) + 1, used = 0;
        for (int y = Math.Max(0, (int)cy - r); y < Math.Min(h, (int)cy + r); y++)
        for (int x = Math.Max(0, (int)cx - r); x < Math.Min(w, (int)cx + r); x++)
        {
            double dx = x - cx, dy = y - cy, u = (dx * c + dy * s) / a, v = (-dx * s + dy * c) / b;
            double ang = Math.Atan2(v, u), q = u * u + v * v, lim = 1 + wob * Math.Sin(5 * ang + ph);
            if (q <= lim * lim && labels[y * w + x] == 0) { labels[y * w + x] = label; used++; }
        }
        if (used == 0) next--;
    }
    return new LabelImage(h, w, labels, next);
}
