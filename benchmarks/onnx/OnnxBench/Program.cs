using System.Diagnostics;
using System.Globalization;
using CellActors.Imaging;
using CellActors.Inference;

// Megapixels per second of an ONNX model (grey + normalise + tiled inference + instances) against the classical
// segmenter (median 3 + ClassicalSegmenter, preset "default") on the same synthetic frames, one frame at a time.
// Usage: dotnet OnnxBench.dll MODEL [frames=8] [size=1024] [device=cpu] [threads=0] [batch=0] [tile=0]
//   MODEL: a model.json, bioimageio.yaml, a folder holding one, or a .onnx beside one; device: cpu or cuda:N.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: OnnxBench MODEL [frames=8] [size=1024] [device=cpu] [threads=0] [batch=0] [tile=0]");
    return 2;
}
int Arg(int i, int d) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : d;
var frames = Arg(1, 8);
var size = Arg(2, 1024);
var device = InferenceDevice.Parse(args.Length > 3 ? args[3] : "cpu");
var threads = Arg(4, 0);
var batch = Arg(5, 0);
var tile = Arg(6, 0);

var model = ModelDescriptions.Load(args[0]);
using var seg = new OnnxSegmenter(model, new OnnxSegmenterOptions(device, threads, batch, tile));
var images = SyntheticTimeLapse.Frames(new SynthOptions(Frames: frames + 1, Height: size, Width: size, InitialCells: size * size / 4000, Seed: 7)).ToList();
var mp = size * (double)size / 1e6;

seg.Segment(images[0].Image); // warm-up: session initialisation, first-run allocations
var runs0 = seg.Runs;
var predict = Stopwatch.StartNew();
double instancesMs = 0;
long objects = 0;
foreach (var f in images.Skip(1))
{
    var p = seg.Predict(f.Image);
    var t = Stopwatch.StartNew();
    objects += seg.Instances(p).Count;
    instancesMs += t.Elapsed.TotalMilliseconds;
}
var onnxS = predict.Elapsed.TotalSeconds;
var tiles = seg.Runs - runs0;

var denoise = DenoiseOptions.Parse("median:3");
var preset = SegmentationOptions.ForPreset("default");
ClassicalSegmenter.Segment(Denoiser.Apply(images[0].Image, denoise), preset);
var classical = Stopwatch.StartNew();
long classicalObjects = 0;
foreach (var f in images.Skip(1))
{
    using var clean = Denoiser.Apply(f.Image, denoise);
    classicalObjects += ClassicalSegmenter.Segment(clean, preset).Count;
}
var classicalS = classical.Elapsed.TotalSeconds;

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"model {model.Name} ({model.WeightsPath}) on {seg.Provider}, {Environment.ProcessorCount} cores, intra-op threads {(threads > 0 ? threads.ToString(inv) : "default")}"));
Console.WriteLine(string.Create(inv, $"frames {frames} x {size}x{size} ({mp:0.00} MP each); tile {seg.Tile}, overlap {seg.Overlap}, batch {seg.BatchSize}: {tiles} runs (batches of up to {seg.BatchSize} tiles)"));
Console.WriteLine(string.Create(inv, $"onnx      {frames * mp / onnxS,8:0.00} MP/s  {onnxS * 1000 / frames,8:0} ms/frame  {(onnxS * 1000 - instancesMs) / tiles,7:0} ms/run (incl. tiling)  instances {instancesMs / frames:0} ms/frame  {objects / (double)frames:0.0} objects/frame"));
Console.WriteLine(string.Create(inv, $"classical {frames * mp / classicalS,8:0.00} MP/s  {classicalS * 1000 / frames,8:0} ms/frame  {classicalObjects / (double)frames:0.0} objects/frame (truth {images.Skip(1).Average(f => f.Segmentation.Count):0.0})"));
foreach (var f in images) f.Dispose();
return 0;
