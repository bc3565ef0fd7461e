using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Reading;
using CellActors.TestSupport;
using OpenCvSharp;

// ReadBench [frames] [size] [chunk] [reps]: one frame read through FrameReader (the detectors' path) from the same
// synthetic uint16 time-lapse stored four ways — uncompressed TIFF, LZW TIFF, OME-Zarr v2 + blosc (lz4, shuffle),
// OME-Zarr v3 + zstd (level 3) — in rounds that visit every format in turn, so all four see the same machine load.
// Prints per format: file size, median and p90 ms per frame, chunks read per frame, and checks every frame read is
// identical across the four.
int frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
int size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2048;
int chunk = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 512;
int reps = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;

using var tmp = new TempDir("readbench");
var mats = SyntheticTimeLapse.Frames(new SynthOptions(Frames: frames, Height: size, Width: size, InitialCells: size * size / 6000, Seed: 3, BitDepth: 16))
    .Select(f => f.Image).ToList();
string raw = Path.Combine(tmp.Path, "stack.raw");
using (var fs = File.Create(raw))
    foreach (var m in mats) fs.Write(TestTiff.Bytes(m));
TestTiff.Write(Path.Combine(tmp.Path, "none.tif"), mats.Select(m => TestTiff.FromMat(m)).ToList(), Compression.NONE, rowsPerStrip: 64);
TestTiff.Write(Path.Combine(tmp.Path, "lzw.tif"), mats.Select(m => TestTiff.FromMat(m)).ToList(), Compression.LZW, rowsPerStrip: 64);
var script = Path.Combine(AppContext.BaseDirectory, "write_zarr.py");
var psi = new ProcessStartInfo("/usr/bin/python3", [script, raw, frames.ToString(CultureInfo.InvariantCulture), size.ToString(CultureInfo.InvariantCulture),
    size.ToString(CultureInfo.InvariantCulture), chunk.ToString(CultureInfo.InvariantCulture), tmp.Path]);
using (var p = Process.Start(psi)!) { p.WaitForExit(); if (p.ExitCode != 0) throw new InvalidOperationException("write_zarr.py failed"); }

var inputs = new (string Name, string Uri)[]
{
    ("TIFF uncompressed", Path.Combine(tmp.Path, "none.tif")),
    ("TIFF LZW", Path.Combine(tmp.Path, "lzw.tif")),
    ("OME-Zarr v2 blosc", Path.Combine(tmp.Path, "blosc.zarr", "0")),
    ("OME-Zarr v3 zstd", Path.Combine(tmp.Path, "zstd.zarr", "0")),
};
long Bytes(string uri) => File.Exists(uri) ? new FileInfo(uri).Length : Directory.EnumerateFiles(uri, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

// Every format gives the same pixels.
for (int t = 0; t < frames; t++)
    foreach (var (name, uri) in inputs)
    {
        using var m = FrameReader.ReadPlane(uri, t);
        if (!TestTiff.SameBytes(mats[t], m)) throw new InvalidDataException($"{name}: frame {t} differs from the source");
    }

var times = inputs.ToDictionary(i => i.Name, _ => new List<double>());
var chunks = inputs.ToDictionary(i => i.Name, _ => 0L);
for (int r = 0; r < reps; r++)
for (int t = 0; t < frames; t++)
    foreach (var (name, uri) in inputs)
    {
        long before = ZarrArray.ChunksRead;
        var sw = Stopwatch.StartNew();
        using var m = FrameReader.ReadPlane(uri, t);
        times[name].Add(sw.Elapsed.TotalMilliseconds);
        chunks[name] += ZarrArray.ChunksRead - before;
    }

Console.WriteLine($"ReadBench: {frames} frames of {size}x{size} uint16, Zarr chunks {chunk}x{chunk}, {reps} rounds, {Environment.ProcessorCount} cores");
Console.WriteLine("| format | bytes on disk | ms per frame (median) | p90 | chunks per frame |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (name, uri) in inputs)
{
    var l = times[name].Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Bytes(uri):N0} | {l[l.Count / 2]:F1} | {l[(int)(l.Count * 0.9)]:F1} | {(double)chunks[name] / l.Count:F0} |"));
}
foreach (var m in mats) m.Dispose();
