using System.Diagnostics;
using System.Text.Json;
using CellActors.Hosting;
using CellActors.Imaging;
using CellActors.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// Operations of the one-process <c>run</c>: its management endpoint while the job runs (readiness, <c>/metrics</c>),
/// its log file as JSON lines (node, job, batch) rotated by size, and the log file writer's rotation on its own.
/// </summary>
public sealed class OperationsRunSpecs
{
    [Fact]
    public async Task Run_serves_health_and_metrics_and_writes_json_log_lines_rotated_under_the_size_limit()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 24, Height: 256, Width: 256, InitialCells: 14, Seed: 4));
        var results = tmp.Sub("results");
        var port = FreePort.Next();
        using var probe = new ManagementProbe(port);
        using var p = CliProcess.Start("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--batch-size", "1", "--detectors", "1", "--quiet",
            "--management", $"127.0.0.1:{port}", "--log-format", "json", "--log-file-size", "4KB", "--log-files", "2");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var ready = false;
        double? lastFrames = null;
        var scrapes = 0;
        var deadline = Stopwatch.StartNew();
        while (!p.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            ready |= probe.Status("health/ready") == 200;
            if (probe.Metrics() is { } text && text.Contains("dotnet_", StringComparison.Ordinal))
            {
                scrapes++;
                lastFrames = ManagementProbe.Sample(text, "cellactors_frames_processed_total") ?? lastFrames;
            }
            await Task.Delay(100);
        }
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "run did not finish");
        var (output, errors) = (await stdout, await stderr);
        Assert.True(p.ExitCode == 0, $"{output}\n{errors}");
        Assert.True(ready, $"/health/ready never answered 200 while the job ran\n{output}");
        Assert.True(scrapes > 0, "/metrics never answered while the job ran");
        var rows = ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames");
        Assert.Equal(24, rows);
        Assert.True(lastFrames is null || lastFrames <= rows, $"the frames counter ({lastFrames}) passed the frames rows ({rows})");

        var files = Directory.GetFiles(results, "cellactors.log*").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cellactors.log", "cellactors.log.1", "cellactors.log.2"], files.Select(Path.GetFileName));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 4096, $"{f}: {new FileInfo(f).Length} bytes"));
        var entries = files.SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.StartsWith("run@", e.GetProperty("node").GetString(), StringComparison.Ordinal));
        var commits = entries.Where(e => e.GetProperty("message").GetString()!.StartsWith("committed batch", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(commits); // the newest ones: older files were dropped
        Assert.All(commits, e =>
        {
            Assert.Equal("Synth-N2DH", e.GetProperty("job").GetString());
            Assert.Equal($"committed batch {e.GetProperty("batch").GetInt64()} of job Synth-N2DH", e.GetProperty("message").GetString()!.Split(':')[0]);
        });
    }

    [Fact]
    public void The_log_file_is_rotated_before_it_passes_its_size_limit_and_only_the_newest_files_are_kept()
    {
        using var tmp = new TempDir();
        var path = tmp.File("node.log");
        var settings = new LogSettings(LogFormat.Json, path, MaxFileBytes: 2048, FilesKept: 3);
        using (var provider = new FileLoggerProvider(path, LogLevel.Information, settings, new LogNode("worker@10.0.0.7:4060")))
        {
            var log = provider.CreateLogger("spec");
            for (var i = 0; i < 400; i++) log.LogInformation("committed batch {BatchId} of job {JobId}", i, "j1");
        }
        var files = Directory.GetFiles(tmp.Path, "node.log*").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["node.log", "node.log.1", "node.log.2", "node.log.3"], files.Select(Path.GetFileName));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 2048, $"{f}: {new FileInfo(f).Length} bytes"));
        var batches = files.AsEnumerable().Reverse().SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Node: e.GetProperty("node").GetString(), Job: e.GetProperty("job").GetString(), Batch: e.GetProperty("batch").GetInt64())).ToList();
        Assert.All(batches, b => Assert.Equal(("worker@10.0.0.7:4060", "j1"), (b.Node, b.Job)));
        Assert.Equal(399, batches[^1].Batch); // the newest entry is in the current file, in order, with no gap
        Assert.Equal(Enumerable.Range((int)batches[0].Batch, batches.Count).Select(i => (long)i), batches.Select(b => b.Batch));
    }

    [Theory]
    [InlineData("10MB", 10L << 20)]
    [InlineData("512kb", 512L << 10)]
    [InlineData("4096", 4096L)]
    public void Log_file_sizes_read_as_written(string text, long bytes) => Assert.Equal(bytes, LogSizes.Parse(text, "--log-file-size"));

    [Fact]
    public void A_bad_management_address_or_log_option_is_one_error_line_and_exit_2()
    {
        using var tmp = new TempDir();
        foreach (var args in new[] { new[] { "--management", "nowhere:x" }, ["--log-format", "xml"], ["--log-file-size", "12"] })
        {
            var r = CliProcess.Run(["run", tmp.Path, "--out", tmp.Sub("o"), .. args]);
            Assert.True(r.ExitCode == 2, r.ToString());
            var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(args[0], line);
        }
    }
}
