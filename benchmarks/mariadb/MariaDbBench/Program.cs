// MariaDbBench: the database time to write N objects through ResultStore.CommitBatch, the call the decoders make,
// into a MariaDB/MySQL results database (or a SQLite file, for comparison).
// Rows are what a decoder produces: RLE strings of real label images (Rle.EncodeAll), measurements from
// ObjectMeasurer (shape columns included), intensity columns, one frames row and one frame_segmentation row per frame.
// Rows are built outside the timed section; only CommitBatch is timed.
// Usage: MariaDbBench --db URL [--objects 1000000] [--per-frame 100] [--batch 8] [--writers 2] [--height 832] [--width 992] [--server-pid PID]
using System.Diagnostics;
using System.Globalization;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;

var opts = ParseArgs(args);
string db = opts.GetValueOrDefault("db") ?? throw new ArgumentException("--db is required (mysql://user@host:port/database or a SQLite path)");
long totalObjects = long.Parse(opts.GetValueOrDefault("objects", "1000000"), CultureInfo.InvariantCulture);
int perFrame = int.Parse(opts.GetValueOrDefault("per-frame", "100"), CultureInfo.InvariantCulture);
int batchFrames = int.Parse(opts.GetValueOrDefault("batch", "8"), CultureInfo.InvariantCulture);
int writers = int.Parse(opts.GetValueOrDefault("writers", "2"), CultureInfo.InvariantCulture);
int height = int.Parse(opts.GetValueOrDefault("height", "832"), CultureInfo.InvariantCulture);
int width = int.Parse(opts.GetValueOrDefault("width", "992"), CultureInfo.InvariantCulture);
int? serverPid = opts.TryGetValue("server-pid", out var sp) ? int.Parse(sp, CultureInfo.InvariantCulture) : null;
const string job = "bench";

long frames = (totalObjects + perFrame - 1) / perFrame;
long batches = (frames + batchFrames - 1) / batchFrames;

// A few label images of perFrame discs each; every frame reuses one (its rows carry their own image id).
var templates = Enumerable.Range(0, 8).Select(seed => Template(seed, perFrame, height, width)).ToArray();
var meanRle = templates.Average(t => t.Objects.Average(o => o.Rle.Length));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rows: {frames} frames x {perFrame} objects = {frames * perFrame} objects, {batches} batches of {batchFrames} frames, {writers} writers; mean RLE {meanRle:F0} characters"));

using var store = ResultStore.Open(db);
if (store.GetJob(job) is not null) throw new InvalidOperationException($"{db}: job '{job}' exists already; start from an empty database");
var manifest = Enumerable.Range(0, (int)frames).Select(i => new FrameRef(i, "Bench", "01", i, 0, $"file:///bench/t{i:D6}.tif", 0, ImageId(i)));
var sw = Stopwatch.StartNew();
store.CreateJob(job, "file:///bench", "bench", batchFrames, manifest, []);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest: {frames} inputs rows in {sw.Elapsed.TotalSeconds:F2} s"));
int run = store.StartRun(job);

long nextBatch = -1, commitTicks = 0;
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var server0 = ServerCpu(serverPid);
sw.Restart();
var threads = Enumerable.Range(0, writers).Select(_ => new Thread(() =>
{
    for (long b; (b = Interlocked.Increment(ref nextBatch)) < batches;)
    {
        var frameRows = new List<FrameRow>(batchFrames);
        var objectRows = new List<ObjectRow>(batchFrames * perFrame);
        var segRows = new List<SegmentationRow>(batchFrames);
        for (long f = b * batchFrames; f < Math.Min(frames, (b + 1) * batchFrames); f++)
        {
            var t = templates[f % templates.Length];
            var id = ImageId(f);
            frameRows.Add(t.Frame with { ImageId = id, T = (int)f, Uri = $"file:///bench/t{f:D6}.tif" });
            foreach (var o in t.Objects) objectRows.Add(o with { ImageId = id });
            segRows.Add(new SegmentationRow(id, "Bench", "01", "default", 1.0, false, "fluorescence", 0.1, 2.5, false, 24.0, "none"));
        }
        var start = Stopwatch.GetTimestamp();
        if (!store.CommitBatch(job, b, run, frameRows, objectRows, [], segmentations: segRows))
            throw new InvalidOperationException($"batch {b} was committed already");
        Interlocked.Add(ref commitTicks, Stopwatch.GetTimestamp() - start);
    }
})).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
var wall = sw.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
var server = ServerCpu(serverPid) - server0;
var written = store.Query("SELECT COUNT(*) FROM objects WHERE job = @job", ("@job", job))[0][0];
var commit = commitTicks / (double)Stopwatch.Frequency;
long n = frames * perFrame;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"objects in the table: {written}"));
var serverText = server is { } s ? string.Create(CultureInfo.InvariantCulture, $", mariadbd CPU {s:F2} s") : "";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"write: {wall:F2} s wall ({n / wall:F0} objects/s), CommitBatch time summed over writers {commit:F2} s, client CPU {cpu:F2} s{serverText}"));
store.EndRun(job, run, RunStatus.Completed);

static string ImageId(long f) => $"Bench_01_t{f:D6}_z000";

static double? ServerCpu(int? pid)
{
    if (pid is not { } p) return null;
    // utime and stime (fields 14 and 15 of /proc/PID/stat) in clock ticks of 1/100 s.
    var fields = File.ReadAllText($"/proc/{p}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static (FrameRow Frame, List<ObjectRow> Objects) Template(int seed, int count, int height, int width)
{
    var random = new Random(seed);
    var labels = new int[height * width];
    var placed = 0;
    for (var attempt = 0; placed < count && attempt < count * 200; attempt++)
    {
        var r = random.Next(7, 15);
        int cy = random.Next(r, height - r), cx = random.Next(r, width - r);
        var free = true;
        for (var y = cy - r - 1; y <= cy + r + 1 && free; y++)
            for (var x = cx - r - 1; x <= cx + r + 1 && free; x++)
                if (y >= 0 && x >= 0 && y < height && x < width && labels[y * width + x] != 0) free = false;
        if (!free) continue;
        placed++;
        for (var y = cy - r; y <= cy + r; y++)
            for (var x = cx - r; x <= cx + r; x++)
                if ((y - cy) * (y - cy) + (x - cx) * (x - cx) * 1.3 <= r * r) labels[y * width + x] = placed;
    }
    if (placed < count) throw new InvalidOperationException($"only {placed} of {count} objects fit a {height}x{width} frame");
    var image = new LabelImage(height, width, labels, placed);
    var rles = Rle.EncodeAll(image);
    var geometry = ObjectMeasurer.Measure(image);
    const string id = "template";
    var objects = geometry.Select(g =>
    {
        var sum = g.Area * (800.0 + random.NextDouble() * 400);
        return new ObjectRow(id, g.Label, g.Area, g.CentroidX, g.CentroidY, g.BboxX, g.BboxY, g.BboxWidth, g.BboxHeight,
            sum / g.Area, 600 + random.Next(200), 1300 + random.Next(500), sum, g.Perimeter, g.Eccentricity, g.Solidity, g.EquivalentDiameter,
            ClassId: 1, Score: 1.0, rles[g.Label - 1], g.Area * 0.0169, Math.Sqrt(4 * g.Area * 0.0169 / Math.PI), ObjectShapeRow.From(g));
    }).ToList();
    var fm = FrameMeasurer.Measure(image);
    var frame = new FrameRow(id, "Bench", "01", 0, 0, height, width, fm.CellCount, fm.CellArea, fm.TotalArea, fm.CellRatio,
        1000.5, 512, 2047, 130.25, "file:///bench/template.tif", 0, 0.13, 0.13, null, 300.0);
    return (frame, objects);
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var d = new Dictionary<string, string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            throw new ArgumentException($"argument '{args[i]}': expected --name value");
        d[args[i][2..]] = args[++i];
    }
    return d;
}
