using CellActors.Imaging;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// <c>track --db</c> and <c>export … --db</c> on a MariaDB results database (a cluster's), through the real process:
/// the same job in a results folder and in MariaDB gives the same tracking and byte-identical exports; the password in
/// the URL is never printed.
/// </summary>
public sealed class ServerResultsCliSpecs(MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>
{
    private static readonly SynthOptions Synth = new(Frames: 20, Height: 96, Width: 96, InitialCells: 6, Seed: 9, DivisionProbability: 0.08, MinCycleFrames: 4);

    /// <summary>The generator's exact objects as a completed job "j", as decoders write it.</summary>
    private static void Write(ResultStore store)
    {
        store.CreateJob("j", "/d", "fp", 4, Enumerable.Range(0, Synth.Frames).Select(t => new FrameRef(t, Synth.Dataset, Synth.Sequence, t, 0, $"/d/t{t:D3}.tif", 0, $"{Synth.Dataset}/{Synth.Sequence}/t{t:D4}")), []);
        int run = store.StartRun("j");
        var sim = new SynthSimulation(Synth);
        while (sim.HasNext)
        {
            using var f = sim.Next();
            var id = $"{Synth.Dataset}/{Synth.Sequence}/t{f.T:D4}";
            var objects = TrackedObjects.FromLabels(f.Tracking);
            var rows = objects.Select(x => new ObjectRow(id, x.Label, x.Area, x.X, x.Y, x.BboxX, x.BboxY, x.BboxWidth, x.BboxHeight, 0, 0, 0, 0, 0, 0, 0, x.EquivalentDiameter, 1, 1, x.ToRle())).ToList();
            long area = objects.Sum(x => x.Area);
            store.CommitBatch("j", f.T, run, [new FrameRow(id, Synth.Dataset, Synth.Sequence, f.T, 0, Synth.Height, Synth.Width, rows.Count, area, Synth.Height * Synth.Width, area / (double)(Synth.Height * Synth.Width), 0, 0, 0, 0, $"/d/t{f.T:D3}.tif", 0)], rows, []);
        }
        store.EndRun("j", run, RunStatus.Completed);
        store.CompleteJob("j");
    }

    [MariaDbFact]
    public void Track_and_export_with_db_on_MariaDB_match_the_results_folder()
    {
        using var tmp = new TempDir();
        var folder = tmp.Sub("results");
        Directory.CreateDirectory(folder);
        using (var s = ResultStore.OpenSqlite(Path.Combine(folder, "cellactors.db"))) Write(s);
        // The test server runs with --skip-grant-tables: any password logs in, so a URL with one checks that no message prints it.
        const string password = "s3cret-Pw-77";
        var url = mariaDb.NewDatabaseUrl("cli").Replace("mysql://root@", $"mysql://clipw:{password}@", StringComparison.Ordinal);
        using (var s = ResultStore.Open(url)) Write(s);

        var trackFolder = CliProcess.Run("track", folder, "--quiet");
        Assert.True(trackFolder.ExitCode == 0, trackFolder.ToString());
        var trackServer = CliProcess.Run("track", "--db", url, "--job", "j", "--quiet");
        Assert.True(trackServer.ExitCode == 0, trackServer.ToString());
        Assert.Contains("tracked: 1 sequence(s), 20 frames", trackServer.Stdout);
        Assert.DoesNotContain(password, trackServer.Stdout + trackServer.Stderr, StringComparison.Ordinal);

        // (export, its arguments, the target's name: a folder, or a file with an extension)
        var exports = new (string Kind, string[] Extra, string Name)[]
        {
            ("csv", [], "csv.csv"), ("parquet", [], "parquet"), ("ctc", ["--sequence", Synth.Sequence], "ctc"),
            ("labels", [], "labels"), ("labels", ["--format", "png"], "labels-png"),
            ("measurements", ["--level", "objects"], "objects.csv"), ("measurements", ["--level", "frames"], "frames.csv"), ("measurements", ["--level", "tracks"], "tracks.csv"),
            ("geojson", [], "geojson"), ("napari", [], "napari.csv"), ("trackmate", [], "trackmate.xml"),
        };
        tmp.Dir("folder");
        tmp.Dir("server");
        foreach (var (kind, extra, name) in exports)
        {
            var a = tmp.Sub("folder/" + name);
            var b = tmp.Sub("server/" + name);
            var fromFolder = CliProcess.Run(["export", kind, folder, .. extra, "--to", a]);
            Assert.True(fromFolder.ExitCode == 0, fromFolder.ToString());
            var fromServer = CliProcess.Run(["export", kind, "--db", url, .. extra, "--to", b]);
            Assert.True(fromServer.ExitCode == 0, fromServer.ToString());
            Assert.DoesNotContain(password, fromServer.Stdout + fromServer.Stderr, StringComparison.Ordinal);
            var files = File.Exists(a) ? [(a, b)] : Directory.GetFiles(a).Select(f => (f, Path.Combine(b, Path.GetFileName(f)))).ToArray();
            Assert.NotEmpty(files);
            if (kind == "trackmate")
            {
                // The file's Log says where the spots came from: the database file, or the server URL without its password; the rest is byte for byte.
                var (fileLog, serverLog) = (File.ReadAllText(a), File.ReadAllText(b));
                Assert.Contains($" of {Path.Combine(folder, "cellactors.db")}: ", fileLog, StringComparison.Ordinal);
                var display = DatabaseTarget.Parse(url).Display;
                Assert.Contains($" of {display}: ", serverLog, StringComparison.Ordinal);
                Assert.DoesNotContain(password, serverLog, StringComparison.Ordinal);
                File.WriteAllText(b, serverLog.Replace(display, Path.Combine(folder, "cellactors.db"), StringComparison.Ordinal));
            }
            foreach (var (x, y) in files) Assert.True(File.ReadAllBytes(x).AsSpan().SequenceEqual(File.ReadAllBytes(y)), $"{kind} {name}: {Path.GetFileName(x)} differs");
        }
        // Every export wrote what it should: label images and GeoJSON per frame, the napari graph beside its CSV.
        Assert.Equal(Synth.Frames, Directory.GetFiles(tmp.Sub("server/labels"), "*_masks.tif").Length);
        Assert.Equal(Synth.Frames, Directory.GetFiles(tmp.Sub("server/geojson"), "*.geojson").Length);
        Assert.True(File.ReadAllBytes(tmp.Sub("folder/napari_graph.json")).AsSpan().SequenceEqual(File.ReadAllBytes(tmp.Sub("server/napari_graph.json"))));
        Assert.Equal(ResultsDb.Scalar(folder, "SELECT COUNT(*) FROM objects") + 1, File.ReadAllLines(tmp.Sub("server/objects.csv")).Length);
        Assert.True(File.Exists(Path.Combine(tmp.Sub("server/ctc"), "res_track.txt")));
    }

    [Fact]
    public void Export_and_track_need_exactly_one_of_a_folder_and_db()
    {
        var none = CliProcess.Run("export", "csv", "--to", Path.Combine(Path.GetTempPath(), "never.csv"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--db", none.Stderr);
        var both = CliProcess.Run("export", "csv", "somewhere", "--db", "mysql://u:p@127.0.0.1:1/x", "--to", Path.Combine(Path.GetTempPath(), "never.csv"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Stderr);
        var track = CliProcess.Run("track");
        Assert.Equal(2, track.ExitCode);
        Assert.Contains("--db", track.Stderr);
    }
}
