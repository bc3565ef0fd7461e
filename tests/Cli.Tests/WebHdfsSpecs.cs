using System.Globalization;
using System.Text;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// <c>cellactors run webhdfs://...</c> and <c>export ... --to webhdfs://...</c> as a user runs them: the real executable against
/// a WebHDFS test server (namenode and datanode on loopback ports) that serves a local folder and asks for <c>user.name=lab</c>.
/// </summary>
public sealed class WebHdfsSpecs : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private WebHdfsTestServer _server = null!;
    private static readonly Dictionary<string, string> Env = new() { ["CELLACTORS_HDFS_USER"] = "lab", ["CELLACTORS_HDFS_RETRY_DELAY_MS"] = "10" };

    public async Task InitializeAsync()
    {
        _server = await WebHdfsTestServer.StartAsync(_tmp.Sub("hdfs"));
        _server.RequiredUser = "lab";
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _tmp.Dispose();
    }

    private static CliProcess.Result Run(params string[] args) => CliProcess.RunWithEnv(Env, TimeSpan.FromMinutes(5), args);

    /// <summary>frames, objects and errors rows without the uri and time columns (and with the source root masked in messages).</summary>
    private static string DumpWithoutUris(string results, string root)
    {
        var sb = new StringBuilder();
        foreach (var (name, sql) in new[]
                 {
                     ("frames", "SELECT * FROM frames ORDER BY job, image_id"),
                     ("objects", "SELECT * FROM objects ORDER BY job, image_id, label"),
                     ("errors", "SELECT * FROM errors ORDER BY job, image_id, page"),
                 })
        {
            sb.Append("## ").AppendLine(name);
            using var c = ResultsDb.Open(results);
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var keep = Enumerable.Range(0, r.FieldCount)
                .Where(i => r.GetName(i) is var n && n is not ("uri" or "at") && !n.Contains("time", StringComparison.OrdinalIgnoreCase) && !n.EndsWith("_at", StringComparison.Ordinal))
                .ToArray();
            sb.AppendLine(string.Join('|', keep.Select(r.GetName)));
            while (r.Read())
                sb.AppendLine(string.Join('|', keep.Select(i => r.GetValue(i) switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    DBNull => "NULL",
                    string s => s.Replace(root, "<root>", StringComparison.Ordinal),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                })));
        }
        return sb.ToString();
    }

    [Fact]
    public void A_job_over_webhdfs_gives_the_tables_of_the_same_job_on_the_local_copy()
    {
        var synth = SyntheticTimeLapse.Generate(Path.Combine(_server.Root, "user", "lab"), new SynthOptions(Frames: 8, Height: 128, Width: 128, InitialCells: 8, Seed: 11));
        // One broken input, so the errors table has a row to compare too.
        File.WriteAllBytes(Path.Combine(synth.SequencePath, "t008.tif"), [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1]);
        var local = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", _tmp.Sub("local"), "--job", "ctc", "--batch-size", "3");
        Assert.True(local.ExitCode == 0, local.ToString());

        var url = _server.Url("user/lab/Synth-N2DH");
        var remote = Run("run", "--segmenter", "default", url, "--out", _tmp.Sub("remote"), "--job", "ctc", "--batch-size", "3");
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal(8, ResultsDb.Scalar(_tmp.Sub("remote"), "SELECT COUNT(*) FROM frames"));
        Assert.Equal(1, ResultsDb.Scalar(_tmp.Sub("remote"), "SELECT COUNT(*) FROM errors"));
        Assert.True(ResultsDb.Scalar(_tmp.Sub("remote"), "SELECT COUNT(*) FROM objects") > 0);
        Assert.Equal(8, ResultsDb.Scalar(_tmp.Sub("remote"), $"SELECT COUNT(*) FROM frames WHERE uri LIKE '{url}/01/t00%.tif'"));
        Assert.True(_server.BytesSent > 0);

        var localRoot = synth.DatasetPath;
        Assert.Equal(DumpWithoutUris(_tmp.Sub("local"), localRoot), DumpWithoutUris(_tmp.Sub("remote"), url));
    }

    [Fact]
    public void A_missing_or_forbidden_webhdfs_source_fails_fast_with_the_url_in_the_message()
    {
        var missing = Run("run", "--segmenter", "default", _server.Url("user/lab/nope"), "--out", _tmp.Sub("r1"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("source not found", missing.Stderr);
        Assert.Contains("/user/lab/nope", missing.Stderr);

        var anonymous = CliProcess.RunWithEnv(new Dictionary<string, string> { ["CELLACTORS_HDFS_USER"] = "", ["HADOOP_USER_NAME"] = "" }, TimeSpan.FromMinutes(2),
            "run", "--segmenter", "default", _server.Url("user"), "--out", _tmp.Sub("r2"));
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains("permission denied", anonymous.Stderr);
        Assert.Contains("CELLACTORS_HDFS_USER", anonymous.Stderr);

        var badUrl = Run("run", "--segmenter", "default", "hdfs:///user/lab", "--out", _tmp.Sub("r3"));
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("no namenode host", badUrl.Stderr);
        Assert.False(Directory.Exists(_tmp.Sub("r1")));
    }

    [Fact]
    public void Labels_measurements_geojson_napari_and_trackmate_exports_to_webhdfs_equal_the_local_exports_byte_for_byte()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 4, Height: 96, Width: 96, InitialCells: 5, Seed: 5));
        var results = _tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--track", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        // (export, its arguments, the target: a folder or a file, its companions beside it)
        var exports = new (string Kind, string[] Args, string Target, string[] Beside)[]
        {
            ("labels", ["--format", "tif"], "labels", []),
            ("labels", ["--format", "png"], "labels-png", []),
            ("measurements", ["--level", "objects"], "objects.csv", []),
            ("measurements", ["--level", "frames"], "frames.csv", []),
            ("measurements", ["--level", "tracks"], "tracks.csv", []),
            ("geojson", [], "geojson", []),
            ("napari", [], "napari.csv", ["napari_graph.json"]),
            ("trackmate", [], "tracks.xml", []),
        };
        var remoteRoot = Path.Combine(_server.Root, "user", "lab", "exports");
        int renames = 0;
        foreach (var (kind, args, target, beside) in exports)
        {
            var local = CliProcess.Run(["export", kind, results, .. args, "--to", _tmp.Sub("local-exports/" + target)]);
            Assert.True(local.ExitCode == 0, local.ToString());
            var url = _server.Url("user/lab/exports/" + target);
            var before = _server.Operations.GetValueOrDefault("nn:RENAME");
            var remote = Run(["export", kind, results, .. args, "--to", url]);
            Assert.True(remote.ExitCode == 0, remote.ToString());
            Assert.Contains(url, remote.Stdout, StringComparison.Ordinal);

            var localPath = _tmp.Sub("local-exports/" + target);
            var remotePath = Path.Combine(remoteRoot, target);
            var files = Directory.Exists(localPath)
                ? Directory.GetFiles(localPath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(localPath, f)).Order(StringComparer.Ordinal).ToArray()
                : [""];
            Assert.NotEmpty(files);
            if (Directory.Exists(localPath))
                Assert.Equal(files, Directory.GetFiles(remotePath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(remotePath, f)).Order(StringComparer.Ordinal).ToArray());
            foreach (var rel in files)
                Assert.True(File.ReadAllBytes(Path.Combine(localPath, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(remotePath, rel))), $"{kind} {target}/{rel} differs");
            foreach (var name in beside)
                Assert.True(File.ReadAllBytes(_tmp.Sub("local-exports/" + name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(remoteRoot, name))), $"{kind} {name} differs");
            // Every file went up under a temporary name and was renamed over its target.
            Assert.Equal(files.Length + beside.Length, _server.Operations["nn:RENAME"] - before);
            renames += files.Length + beside.Length;
        }
        Assert.Equal(4, Directory.GetFiles(Path.Combine(remoteRoot, "labels")).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(remoteRoot, "geojson")).Length);
        Assert.True(renames >= 4 + 4 + 3 + 4 + 2 + 1);
        Assert.DoesNotContain(Directory.GetFiles(remoteRoot, "*", SearchOption.AllDirectories), f => f.Contains("cellactors-tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Exports_to_webhdfs_leave_no_temporary_file_and_match_the_local_exports_byte_for_byte()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 4, Height: 96, Width: 96, InitialCells: 5, Seed: 5));
        var results = _tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results);
        Assert.True(run.ExitCode == 0, run.ToString());

        var csvLocal = _tmp.Sub("local/objects.csv");
        Assert.Equal(0, CliProcess.Run("export", "csv", results, "--to", csvLocal).ExitCode);
        var csv = Run("export", "csv", results, "--to", _server.Url("user/lab/out/objects.csv"));
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains(_server.Url("user/lab/out/objects.csv"), csv.Stdout);
        // Again, over the existing file: replaced, still no temporary file.
        Assert.Equal(0, Run("export", "csv", results, "--to", _server.Url("user/lab/out/objects.csv")).ExitCode);
        Assert.Equal(File.ReadAllBytes(csvLocal), File.ReadAllBytes(Path.Combine(_server.Root, "user", "lab", "out", "objects.csv")));

        Assert.Equal(0, CliProcess.Run("export", "parquet", results, "--to", _tmp.Sub("local/parquet")).ExitCode);
        var parquet = Run("export", "parquet", results, "--to", _server.Url("user/lab/out/parquet"));
        Assert.True(parquet.ExitCode == 0, parquet.ToString());
        Assert.Contains(_server.Url("user/lab/out/parquet/frames.parquet"), parquet.Stdout);

        Assert.Equal(0, CliProcess.Run("export", "ctc", results, "--sequence", "01", "--to", _tmp.Sub("local/01_RES")).ExitCode);
        var ctc = Run("export", "ctc", results, "--sequence", "01", "--to", _server.Url("user/lab/out/01_RES"));
        Assert.True(ctc.ExitCode == 0, ctc.ToString());

        foreach (var (localDir, remoteDir) in new[] { ("local/parquet", "parquet"), ("local/01_RES", "01_RES") })
        {
            var l = Directory.GetFiles(_tmp.Sub(localDir)).Select(Path.GetFileName).Order().ToArray();
            var r = Directory.GetFiles(Path.Combine(_server.Root, "user", "lab", "out", remoteDir)).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(l, r);
            foreach (var name in l)
                Assert.Equal(File.ReadAllBytes(Path.Combine(_tmp.Sub(localDir), name!)), File.ReadAllBytes(Path.Combine(_server.Root, "user", "lab", "out", remoteDir, name!)));
        }
        var everything = Directory.GetFiles(Path.Combine(_server.Root, "user", "lab", "out"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(everything, f => f.Contains("cellactors-tmp", StringComparison.Ordinal));
        Assert.True(_server.Operations["nn:RENAME"] >= 1 + 1 + 3 + 4);

        _server.DeniedPrefix = "/user/lab/locked";
        var denied = Run("export", "csv", results, "--to", _server.Url("user/lab/locked/objects.csv"));
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("Permission denied", denied.Stderr);
        Assert.Contains("/user/lab/locked", denied.Stderr);
    }
}
