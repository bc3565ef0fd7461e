using System.Diagnostics;
using System.Globalization;
using System.Text;
using CellActors.Imaging;
using CellActors.Reading;
using CellActors.Storage;
using CellActors.Storage.WebHdfs;
using CellActors.TestSupport;
using OpenCvSharp;

// Usage: WebHdfsBench [--pages 100] [--size 512] [--frames 60] [--cellactors .artifacts/cellactors/cellactors.dll] [--out benchmarks/out/webhdfs]
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
int pages = int.Parse(opts.GetValueOrDefault("pages", "100"), CultureInfo.InvariantCulture);
int size = int.Parse(opts.GetValueOrDefault("size", "512"), CultureInfo.InvariantCulture);
int frames = int.Parse(opts.GetValueOrDefault("frames", "60"), CultureInfo.InvariantCulture);
string cli = Path.GetFullPath(opts.GetValueOrDefault("cellactors", ".artifacts/cellactors/cellactors.dll"));
string outDir = Path.GetFullPath(opts.GetValueOrDefault("out", "benchmarks/out/webhdfs"));
if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
var hdfsRoot = Directory.CreateDirectory(Path.Combine(outDir, "hdfs")).FullName;
var report = new StringBuilder();
void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

await using var server = await WebHdfsTestServer.StartAsync(hdfsRoot);
Storages.Configure(new WebHdfsOptions { User = "bench" });
Say($"WebHDFS test server: namenode 127.0.0.1:{server.NamenodePort}, datanode 127.0.0.1:{server.DatanodePort}; {DateTime.UtcNow:u}");

// 1. A multi-page TIFF read page by page: bytes the datanode sends per page.
var mats = Enumerable.Range(0, pages).Select(i =>
{
    var m = new Mat(size, size, MatType.CV_16UC1);
    Cv2.Randu(m, new Scalar(0), new Scalar(4096 + i));
    return m;
}).ToArray();
var stack = Path.Combine(hdfsRoot, "stack", $"p{pages}.tif");
Directory.CreateDirectory(Path.GetDirectoryName(stack)!);
if (!Cv2.ImWrite(stack, mats)) throw new IOException($"cannot write {stack}");
foreach (var m in mats) m.Dispose();
long fileBytes = new FileInfo(stack).Length;
var url = server.Url($"stack/p{pages}.tif");
var sw = Stopwatch.StartNew();
for (int p = 0; p < pages; p++) { using var m = FrameReader.ReadPlane(stack, p); }
double localMs = sw.Elapsed.TotalMilliseconds;
server.ResetCounters();
sw.Restart();
for (int p = 0; p < pages; p++) { using var m = FrameReader.ReadPlane(url, p); }
double remoteMs = sw.Elapsed.TotalMilliseconds;
long sent = server.BytesSent;
Say($"{pages}-page TIFF, {size}x{size} uint16 (OpenCV writer, LZW), {fileBytes:N0} bytes = {fileBytes / (double)pages:N0} bytes per page on average");
Say($"  read page by page over WebHDFS: {sent:N0} bytes sent by the datanode = {sent / (double)pages:N0} per page = {sent / (double)fileBytes:F3} average pages per frame; " +
    $"{server.Operations.GetValueOrDefault("dn:OPEN")} ranged OPENs, {server.Operations.GetValueOrDefault("nn:GETFILESTATUS")} GETFILESTATUS");
Say($"  time: local {localMs / pages:F2} ms/page, WebHDFS {remoteMs / pages:F2} ms/page (loopback)");

// 2. The same job on a local copy and through the test server.
var synth = SyntheticTimeLapse.Generate(Path.Combine(hdfsRoot, "lab"), new SynthOptions(Frames: frames, Height: size, Width: size, InitialCells: 40, Seed: 7));
long dataBytes = Directory.GetFiles(synth.SequencePath).Sum(f => new FileInfo(f).Length);
(double Seconds, string Done) Run(string source, string results)
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new[] { cli, "run", source, "--out", results, "--job", "bench", "--quiet", "--force" }) psi.ArgumentList.Add(a);
    psi.Environment["CELLACTORS_HDFS_USER"] = "bench";
    var t = Stopwatch.StartNew();
    using var proc = Process.Start(psi)!;
    var stdout = proc.StandardOutput.ReadToEndAsync();
    var stderr = proc.StandardError.ReadToEndAsync();
    proc.WaitForExit();
    if (proc.ExitCode != 0) throw new InvalidOperationException($"cellactors run {source} failed ({proc.ExitCode}): {stdout.Result}{stderr.Result}");
    return (t.Elapsed.TotalSeconds, stdout.Result.Split('\n').FirstOrDefault(l => l.StartsWith("done:", StringComparison.Ordinal))?.Trim() ?? "");
}
Say($"job: {frames} synthetic frames {size}x{size} uint16 ({dataBytes:N0} bytes of TIFF), `cellactors run ... --quiet --force`, wall time incl. process start-up");
for (int rep = 1; rep <= 2; rep++)
{
    var local = Run(synth.DatasetPath, Path.Combine(outDir, "results-local"));
    server.ResetCounters();
    var remote = Run(server.Url("lab/" + Path.GetFileName(synth.DatasetPath)), Path.Combine(outDir, "results-webhdfs"));
    Say($"  rep {rep}: local {local.Seconds:F2} s ({frames / local.Seconds:F1} frames/s) | WebHDFS {remote.Seconds:F2} s ({frames / remote.Seconds:F1} frames/s), " +
        $"{server.BytesSent:N0} bytes sent ({server.BytesSent / (double)dataBytes:F3} x the data), {server.Operations.Values.Sum()} requests | {remote.Done}");
}
File.WriteAllText(Path.Combine(outDir, "results.txt"), report.ToString());
return 0;
