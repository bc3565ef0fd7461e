using System.Globalization;
using CellActors.Imaging;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results.Formats;
using CellActors.Results.Tracking;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Results.Tests.Formats;

/// <summary>
/// The cluster's results (MariaDB) through the same exporters and the same tracking as a one-process run's (SQLite):
/// the same job written to both engines gives identical <c>tracks</c> rows and track ids, and byte-identical CSV,
/// Parquet and CTC exports. Runs against a private mariadbd (skipped with the reason when MariaDB is not installed).
/// </summary>
public sealed class ServerResultsSpecs(MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>, IDisposable
{
    private const string Job = "j";
    private static readonly SynthOptions Synth = new(Frames: 40, Height: 96, Width: 112, InitialCells: 8, Seed: 5, DivisionProbability: 0.06, MinCycleFrames: 5);
    private readonly ResultsFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>Writes the job (the generator's exact objects, one frame left without cells) through <see cref="ResultStore"/>, as decoders do.</summary>
    private static void Write(ResultStore store)
    {
        var manifest = Enumerable.Range(0, Synth.Frames).Select(t => new FrameRef(t, Synth.Dataset, Synth.Sequence, t, 0, $"/d/t{t:D3}.tif", 0, $"{Synth.Dataset}/{Synth.Sequence}/t{t:D4}")).ToList();
        store.CreateJob(Job, "/d", "fp", 4, manifest, [new ErrorRow("/d/broken, \"quoted\".tif", 0, null, "read", "truncated", "broken")]);
        int run = store.StartRun(Job);
        var sim = new SynthSimulation(Synth);
        while (sim.HasNext)
        {
            using var f = sim.Next();
            string id = $"{Synth.Dataset}/{Synth.Sequence}/t{f.T:D4}";
            var objects = f.T == 13 ? [] : TrackedObjects.FromLabels(f.Tracking);
            var rows = objects.Select(x => new ObjectRow(id, x.Label, x.Area, x.X, x.Y, x.BboxX, x.BboxY, x.BboxWidth, x.BboxHeight,
                x.X / 3.0, 1, x.Y, x.Area * 0.1, Math.PI * x.EquivalentDiameter, 0.25, 0.9, x.EquivalentDiameter, 1, 1, x.ToRle())).ToList();
            long area = objects.Sum(x => x.Area);
            long total = (long)Synth.Height * Synth.Width;
            var frame = new FrameRow(id, Synth.Dataset, Synth.Sequence, f.T, 0, Synth.Height, Synth.Width, rows.Count, area, total,
                area / (double)total, 1.0 / (f.T + 3), 0, 255, Math.Sqrt(f.T + 0.5), $"/d/t{f.T:D3}.tif", 0);
            Assert.True(store.CommitBatch(Job, f.T, run, [frame], rows, []));
        }
        store.EndRun(Job, run, RunStatus.Completed);
        store.CompleteJob(Job);
    }

    /// <summary>A SQLite results folder and a MariaDB results database holding the same job.</summary>
    private (string Folder, string Url) BothEngines()
    {
        using (var sqlite = ResultStore.OpenSqlite(Path.Combine(_folder.Dir, "cellactors.db"))) Write(sqlite);
        var url = mariaDb.NewDatabaseUrl("exports");
        using (var server = ResultStore.Open(url)) Write(server);
        return (_folder.Dir, url);
    }

    private static void Track(string location)
    {
        var key = new SequenceKey(Synth.Dataset, Synth.Sequence, Synth.Frames, false);
        using var job = new SequenceTrackingJob(location, Job, key, new TrackingOptions());
        while (!job.Step(7).Finished) { }
        Assert.Equal("done", job.Progress.Status.StoredName());
    }

    private static List<string> Rows(string location, string sql)
    {
        using var store = ResultsDatabase.IsServerUrl(location) ? ResultStore.Open(location, readOnly: true) : ResultStore.OpenSqlite(Path.Combine(location, "cellactors.db"), readOnly: true);
        return store.Query(sql).Select(r => string.Join('|', r.Select(v => v switch
        {
            null => "NULL",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }))).ToList();
    }

    private const string TracksSql = """
        SELECT job, dataset, sequence, track_id, t_start, t_end, parent_track_id, cycle_start, observations, children, start_x, start_y, end_x, end_y,
               duration, path_length, displacement, mean_speed, division_t FROM tracks ORDER BY job, dataset, sequence, track_id
        """;

    private const string TrackingSql = """
        SELECT job, dataset, sequence, id_offset, settings, max_distance, last_t, next_track_id, frames_tracked, frames_total, tracks, divisions, status, message
        FROM tracking ORDER BY job, dataset, sequence
        """;

    private static void AssertSameFiles(string expectedDir, string actualDir)
    {
        var expected = Directory.GetFiles(expectedDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Directory.GetFiles(actualDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var name in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(expectedDir, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualDir, name!))), $"{name} differs");
    }

    [MariaDbFact]
    public void Tracking_on_MariaDB_gives_the_tracks_and_track_ids_of_tracking_on_SQLite()
    {
        var (folder, url) = BothEngines();
        Track(folder);
        Track(url);

        var tracks = Rows(folder, TracksSql);
        Assert.True(tracks.Count > Synth.InitialCells, $"only {tracks.Count} tracks");
        Assert.Contains(tracks, t => t.Split('|')[6] != "NULL"); // divisions are in it
        Assert.Equal(tracks, Rows(url, TracksSql));
        const string ids = "SELECT image_id, label, track_id FROM objects ORDER BY image_id, label";
        Assert.DoesNotContain(Rows(folder, ids), r => r.EndsWith("|NULL", StringComparison.Ordinal));
        Assert.Equal(Rows(folder, ids), Rows(url, ids));
        Assert.Equal(Rows(folder, TrackingSql), Rows(url, TrackingSql));
    }

    [MariaDbFact]
    public void An_interrupted_tracking_run_on_MariaDB_resumes_to_the_same_tables()
    {
        var (folder, url) = BothEngines();
        Track(folder);
        var key = new SequenceKey(Synth.Dataset, Synth.Sequence, Synth.Frames, false);
        for (int stops = 0; stops < 3; stops++)
        {
            using var job = new SequenceTrackingJob(url, Job, key, new TrackingOptions());
            job.Step(5); // the process "dies" after one chunk: only the database survives
        }
        Track(url);
        Assert.Equal(Rows(folder, TracksSql), Rows(url, TracksSql));
        Assert.Equal(Rows(folder, "SELECT image_id, label, track_id FROM objects ORDER BY image_id, label"), Rows(url, "SELECT image_id, label, track_id FROM objects ORDER BY image_id, label"));
    }

    [MariaDbFact]
    public async Task Exports_from_MariaDB_equal_the_exports_from_SQLite_byte_for_byte()
    {
        var (folder, url) = BothEngines();
        Track(folder);
        Track(url);

        var sqliteCsv = _folder.Sub("sqlite.csv");
        var serverCsv = _folder.Sub("server.csv");
        long objects = long.Parse(Rows(folder, "SELECT COUNT(*) FROM objects").Single(), CultureInfo.InvariantCulture);
        long empty = long.Parse(Rows(folder, "SELECT COUNT(*) FROM frames WHERE cell_count = 0").Single(), CultureInfo.InvariantCulture);
        Assert.True(empty >= 1);
        Assert.Equal(objects + empty, RleCsv.Export(folder, sqliteCsv)); // one row per object, one per frame without cells
        RleCsv.Export(url, serverCsv);
        Assert.Equal(File.ReadAllBytes(sqliteCsv), File.ReadAllBytes(serverCsv));

        var sqliteParquet = _folder.Sub("parquet-sqlite");
        var serverParquet = _folder.Sub("parquet-server");
        var a = await ParquetExport.Export(folder, sqliteParquet);
        var b = await ParquetExport.Export(url, serverParquet);
        Assert.Equal((a.Frames, a.Objects, a.Tracks), (b.Frames, b.Objects, b.Tracks));
        Assert.True(a.Tracks > 0);
        AssertSameFiles(sqliteParquet, serverParquet);

        var sqliteCtc = _folder.Sub("ctc-sqlite");
        var serverCtc = _folder.Sub("ctc-server");
        var c = CtcExport.Export(folder, Synth.Sequence, null, sqliteCtc);
        var d = CtcExport.Export(url, Synth.Sequence, null, serverCtc);
        Assert.NotNull(c.Tracks);
        Assert.Equal(c.Tracks, d.Tracks);
        Assert.True(File.Exists(Path.Combine(serverCtc, "res_track.txt")));
        AssertSameFiles(sqliteCtc, serverCtc);
    }

    [MariaDbFact]
    public void A_server_database_names_its_jobs_without_the_password()
    {
        var (_, url) = BothEngines();
        var e = Assert.Throws<ArgumentException>(() => ResultsDatabase.Open(url, "nope"));
        Assert.Contains("no job 'nope'", e.Message);
        const string password = "s3cret-Pw-42";
        var withPassword = url.Replace("mysql://root@", $"mysql://pw:{password}@", StringComparison.Ordinal);
        Assert.NotEqual(url, withPassword);
        var e2 = Assert.Throws<ArgumentException>(() => ResultsDatabase.Open(withPassword, "nope"));
        Assert.Contains("no job 'nope'", e2.Message);
        Assert.DoesNotContain(password, e2.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, ResultsDatabase.Describe(withPassword), StringComparison.Ordinal);
        using var db = ResultsDatabase.Open(url, null);
        Assert.Equal(Job, db.Job);
        Assert.Equal(DatabaseKind.MariaDb, db.Kind);
    }
}
