using System.Diagnostics;
using CellActors.GpuWorker;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Reading;
using CellActors.Results;
using OpenCvSharp;

// Per-stage cost of the CellActors frame pipeline on one thread, no actors: the same calls FramePipeline.Process
// (detector) and FrameDecoder.ToRows (decoder) make, timed one by one, plus ResultStore.CommitBatch per batch and
// (the per-step cost inside the segmenter is in benchmarks/README.md, section 2b).
// Usage: dotnet StageBench.dll SEQUENCE_FOLDER [max-frames] [batch-size]
if (args.Length < 1) { Console.Error.WriteLine("usage: StageBench SEQUENCE_FOLDER [max-frames] [batch-size] [classical-preset]"); return 2; }
var files = Directory.GetFiles(args[0], "*.tif").Order(StringComparer.Ordinal).ToArray();
int maxFrames = args.Length > 1 ? int.Parse(args[1]) : files.Length;
int batchSize = args.Length > 2 ? int.Parse(args[2]) : 8;
// One thread unless STAGEBENCH_OPENCV_THREADS says otherwise (the product leaves OpenCV at its default: one per core).
Cv2.SetNumThreads(int.Parse(Environment.GetEnvironmentVariable("STAGEBENCH_OPENCV_THREADS") ?? "1"));
files = files.Take(maxFrames).ToArray();
if (files.Length == 0) { Console.Error.WriteLine($"no .tif under {args[0]}"); return 2; }

string dataset = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(args[0]).TrimEnd('/'))) ?? "bench";
var denoise = DenoiseOptions.Parse("median:3");
var presetName = args.Length > 3 ? args[3] : "default";
var seg = SegmentationOptions.ForPreset(presetName);
var pipeline = new FramePipeline(new PipelineSettings("median:3", presetName));
string dbPath = Path.Combine(Path.GetTempPath(), $"stagebench-{Environment.ProcessId}.db");
var store = ResultStore.OpenSqlite(dbPath);

string[] stages =
[
    "read (FrameReader.ReadPlane)", "denoise (Denoiser.Apply median 3)", "segment (ClassicalSegmenter.Segment)",
    "frame stats (IntensityStats.Frame)", "per-label stats (IntensityStats.PerLabel)", "encode (Rle.EncodeAll)",
    "decode (Rle.DecodeAll)", "measure (ObjectMeasurer.Measure)", "frame measure (FrameMeasurer.Measure)",
    "rows + write (ResultStore.CommitBatch, per frame)",
];
string[] whole = ["detector (FramePipeline.Process)", "decoder (FrameDecoder.ToRows)"];
var t = stages.ToDictionary(s => s, _ => new List<double>());
foreach (var s in whole) t[s] = new List<double>();
var alloc = stages.ToDictionary(s => s, _ => new List<double>());
long objectsTotal = 0;

var sw = new Stopwatch();
double Time(string stage, Action a)
{
    long b0 = GC.GetAllocatedBytesForCurrentThread();
    sw.Restart();
    a();
    double ms = sw.Elapsed.TotalMilliseconds;
    t[stage].Add(ms);
    if (alloc.TryGetValue(stage, out var al)) al.Add((GC.GetAllocatedBytesForCurrentThread() - b0) / 1048576.0);
    return ms;
}

// Warm-up (JIT, OpenCV thread pool, file cache), not counted.
for (int i = 0; i < Math.Min(10, files.Length); i++)
{
    var (sf, _) = pipeline.Process(new FrameRef(i, dataset, "01", i, 0, files[i], 0, $"w{i}"));
    if (sf is not null) FrameDecoder.ToRows(sf);
}
foreach (var l in t.Values) l.Clear();

var batchFrames = new List<FrameRow>();
var batchObjects = new List<ObjectRow>();
long batchId = 0;
var wall = Stopwatch.StartNew();
for (int i = 0; i < files.Length; i++)
{
    var f = new FrameRef(i, dataset, "01", i, 0, files[i], 0, $"{dataset}/01/t{i:D4}");
    Mat raw = null!, clean = null!;
    LabelImage labels = null!, decoded = null!;
    LabelIntensity[] per = null!;
    string[] rles = null!;
    Time(stages[0], () => raw = FrameReader.ReadPlane(f.Uri, f.Page));
    Time(stages[1], () => clean = Denoiser.Apply(raw, denoise));
    Time(stages[2], () => labels = ClassicalSegmenter.Segment(clean, seg));
    Time(stages[3], () => IntensityStats.Frame(raw));
    Time(stages[4], () => per = IntensityStats.PerLabel(raw, labels));
    Time(stages[5], () => rles = Rle.EncodeAll(labels));
    Time(stages[6], () => decoded = Rle.DecodeAll(rles, labels.Height, labels.Width));
    Time(stages[7], () => ObjectMeasurer.Measure(decoded));
    Time(stages[8], () => FrameMeasurer.Measure(decoded));
    objectsTotal += labels.Count;
    raw.Dispose();
    clean.Dispose();

    // The detector and decoder as the actors call them (re-reads the file: same work, measured as a whole).
    SegmentedFrame? s = null;
    Time(whole[0], () => s = pipeline.Process(f).Frame);
    (FrameRow Frame, IReadOnlyList<ObjectRow> Objects) rows = default;
    Time(whole[1], () => rows = FrameDecoder.ToRows(s!));
    batchFrames.Add(rows.Frame!);
    batchObjects.AddRange(rows.Objects!);
    if (batchFrames.Count == batchSize || i == files.Length - 1)
    {
        int n = batchFrames.Count;
        sw.Restart();
        store.CommitBatch("bench", batchId++, 1, batchFrames, batchObjects, []);
        double perFrame = sw.Elapsed.TotalMilliseconds / n;
        for (int k = 0; k < n; k++) t[stages[9]].Add(perFrame);
        batchFrames.Clear();
        batchObjects.Clear();
    }
}
wall.Stop();
store.Dispose();
foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);

static double Median(List<double> v) { var a = v.Order().ToArray(); return a.Length == 0 ? 0 : a[a.Length / 2]; }
static double P90(List<double> v) { var a = v.Order().ToArray(); return a.Length == 0 ? 0 : a[(int)(a.Length * 0.9)]; }

using (var probe = FrameReader.ReadPlane(files[0], 0))
    Console.WriteLine($"StageBench: {files.Length} frames {probe.Rows}x{probe.Cols} ({probe.Type()}) from {args[0]}, {objectsTotal / (double)files.Length:F0} objects/frame, " +
                      $"preset {presetName}, {Environment.ProcessorCount} cores, OpenCV threads {Cv2.GetNumThreads()}, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| stage (one thread)                                   | mean ms | median ms | p90 ms | % of sum | MB alloc/frame |");
Console.WriteLine("|------------------------------------------------------|--------:|----------:|-------:|---------:|---------------:|");
double sum = stages.Sum(s => t[s].Average());
foreach (var s in stages)
    Console.WriteLine($"| {s,-52} | {t[s].Average(),7:F2} | {Median(t[s]),9:F2} | {P90(t[s]),6:F2} | {100 * t[s].Average() / sum,7:F1}% | {alloc[s].DefaultIfEmpty(0).Average(),14:F2} |");
Console.WriteLine($"| {"sum of stages",-52} | {sum,7:F2} | | | 100.0% | |");
Console.WriteLine();
double det = t[whole[0]].Average(), dec = t[whole[1]].Average(), wr = t[stages[9]].Average();
Console.WriteLine("| whole step as the actors call it                     | mean ms | median ms | p90 ms |");
Console.WriteLine("|------------------------------------------------------|--------:|----------:|-------:|");
foreach (var s in whole) Console.WriteLine($"| {s,-52} | {t[s].Average(),7:F2} | {Median(t[s]),9:F2} | {P90(t[s]),6:F2} |");
Console.WriteLine($"| {stages[9],-52} | {wr,7:F2} | {Median(t[stages[9]]),9:F2} | {P90(t[stages[9]]),6:F2} |");
double cpuPerFrame = det + dec + wr;
Console.WriteLine();
Console.WriteLine($"CPU per frame (detector + decoder + write): {cpuPerFrame:F2} ms -> one core {1000 / cpuPerFrame:F1} frames/s; " +
                  $"ideal {Environment.ProcessorCount} cores {Environment.ProcessorCount * 1000 / cpuPerFrame:F1} frames/s (upper bound, no actor/GC/IO overhead)");
Console.WriteLine($"40 frames/s on {Environment.ProcessorCount} cores needs <= {Environment.ProcessorCount * 1000.0 / 40:F1} ms of CPU per frame");
Console.WriteLine();
Console.WriteLine($"wall {wall.Elapsed.TotalSeconds:F1} s for {files.Length} frames (each frame is processed twice: stage by stage, then as a whole)");
return 0;
