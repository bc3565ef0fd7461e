using System.Globalization;
using CellActors.Imaging;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results.Tracking;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Results.Tests.Tracking;

/// <summary>Tracking over a results database: exact lineage from stored objects, chunked commits and resume.</summary>
public sealed class TrackingStoreSpecs : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cellactors-tracking-specs", Guid.NewGuid().ToString("N"));

    public TrackingStoreSpecs() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>A completed job whose objects are the exact ground truth of a synthetic sequence; returns the true tracks.</summary>
    private IReadOnlyList<SynthTrack> BuildDatabase(string path, SynthOptions o, int skipObjectAtT = -1)
    {
        using var store = ResultStore.OpenSqlite(path);
        var manifest = Enumerable.Range(0, o.Frames).Select(t => new FrameRef(t, o.Dataset, o.Sequence, t, 0, $"/d/t{t:D3}.tif", 0, $"{o.Dataset}/{o.Sequence}/t{t:D4}")).ToList();
        store.CreateJob("j", "/d", "fp", 10, manifest, []);
        int run = store.StartRun("j");
        var sim = new SynthSimulation(o);
        while (sim.HasNext)
        {
            using var f = sim.Next();
            string id = $"{o.Dataset}/{o.Sequence}/t{f.T:D4}";
            var objects = TrackedObjects.FromLabels(f.Tracking);
            if (f.T == skipObjectAtT) objects.RemoveAt(0);
            var rows = objects.Select(x => new ObjectRow(id, x.Label, x.Area, x.X, x.Y, x.BboxX, x.BboxY, x.BboxWidth, x.BboxHeight,
                0, 0, 0, 0, 0, 0, 0, x.EquivalentDiameter, 1, 1, x.ToRle())).ToList();
            long area = objects.Sum(x => x.Area);
            var frame = new FrameRow(id, o.Dataset, o.Sequence, f.T, 0, o.Height, o.Width, rows.Count, area, (long)o.Height * o.Width,
                area / (double)(o.Height * o.Width), 0, 0, 0, 0, $"/d/t{f.T:D3}.tif", 0);
            Assert.True(store.CommitBatch("j", f.T, run, [frame], rows, []));
        }
        store.CompleteJob("j");
        return sim.Tracks;
    }


    private static List<string> Dump(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            var v = new object[r.FieldCount];
            r.GetValues(v);
            rows.Add(string.Join('|', v.Select(x => x is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(x, CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private static List<string> Tracks(string path) => Dump(path, "SELECT * FROM tracks ORDER BY track_id");

    private static List<string> Assignments(string path) => Dump(path, "SELECT image_id, label, track_id FROM objects ORDER BY image_id, label");

    private static SequenceKey Key(SynthOptions o) => new(o.Dataset, o.Sequence, o.Frames, false);

    private static void RunToEnd(SequenceTrackingJob job, int chunk)
    {
        while (!job.Step(chunk).Finished) { }
    }

    [Fact]
    public void Stored_objects_are_linked_into_the_true_lineage()
    {
        var o = new SynthOptions(Frames: 60, InitialCells: 10, Seed: 3, DivisionProbability: 0.06, MinCycleFrames: 6);
        var path = Path.Combine(_dir, "a.db");
        var truth = BuildDatabase(path, o);
        using (var job = new SequenceTrackingJob(path, "j", Key(o), new TrackingOptions()))
            RunToEnd(job, 7);

        // Every result track holds exactly one true track (object labels are the true track ids) and vice versa.
        var pairs = Dump(path, "SELECT DISTINCT track_id, label FROM objects").Select(r => r.Split('|').Select(int.Parse).ToArray()).ToList();
        Assert.Equal(truth.Count, pairs.Count);
        Assert.Equal(truth.Count, pairs.Select(p => p[0]).Distinct().Count());
        Assert.Equal(truth.Count, pairs.Select(p => p[1]).Distinct().Count());
        var toTruth = pairs.ToDictionary(p => p[0], p => p[1]);
        var rows = Dump(path, "SELECT track_id, t_start, t_end, COALESCE(parent_track_id, 0), division_t FROM tracks");
        var expected = truth.Select(t => $"{t.Label} {t.Begin} {t.End} {t.Parent}").OrderBy(x => x).ToList();
        var actual = rows.Select(r => r.Split('|')).Select(r => $"{toTruth[int.Parse(r[0])]} {r[1]} {r[2]} {(r[3] == "0" ? 0 : toTruth[int.Parse(r[3])])}").OrderBy(x => x).ToList();
        Assert.Equal(expected, actual);
        var divisions = truth.Where(t => t.Parent != 0).Select(t => t.Parent).Distinct().Count();
        Assert.Equal(divisions, rows.Count(r => r.Split('|')[4].Length > 0));

        var progress = Dump(path, "SELECT status, frames_tracked, frames_total, tracks, divisions FROM tracking").Single();
        Assert.Equal($"done|60|60|{truth.Count}|{divisions}", progress);
    }

    [Fact]
    public void An_interrupted_tracking_run_resumes_to_identical_tables()
    {
        var o = new SynthOptions(Frames: 50, InitialCells: 10, Seed: 8, DivisionProbability: 0.05, MinCycleFrames: 5);
        var whole = Path.Combine(_dir, "whole.db");
        BuildDatabase(whole, o, skipObjectAtT: 17);
        var pieces = Path.Combine(_dir, "pieces.db");
        File.Copy(whole, pieces);

        using (var job = new SequenceTrackingJob(whole, "j", Key(o), new TrackingOptions()))
            RunToEnd(job, 50);

        // Stop after each of a few chunks (the process "dies": nothing but the database survives), then go on.
        for (int stops = 0; stops < 4; stops++)
        {
            using var job = new SequenceTrackingJob(pieces, "j", Key(o), new TrackingOptions());
            job.Step(6);
        }
        using (var job = new SequenceTrackingJob(pieces, "j", Key(o), new TrackingOptions()))
            RunToEnd(job, 4);

        Assert.Equal(Tracks(whole), Tracks(pieces));
        Assert.Equal(Assignments(whole), Assignments(pieces));
        Assert.Contains(Dump(whole, "SELECT parent_track_id FROM tracks WHERE parent_track_id IS NOT NULL"), _ => true);
    }

    [Fact]
    public void Resuming_with_other_settings_is_refused_naming_both()
    {
        var o = new SynthOptions(Frames: 10, InitialCells: 4, Seed: 1);
        var path = Path.Combine(_dir, "s.db");
        BuildDatabase(path, o);
        using (var job = new SequenceTrackingJob(path, "j", Key(o), new TrackingOptions(MaxGap: 2)))
            job.Step(3);
        var e = Assert.Throws<InvalidOperationException>(() => new SequenceTrackingJob(path, "j", Key(o), new TrackingOptions(MaxGap: 5)));
        Assert.Contains("max-gap=2", e.Message);
        Assert.Contains("max-gap=5", e.Message);
        Assert.Contains("--force", e.Message);
    }

    [Fact]
    public void A_3D_sequence_is_recorded_as_skipped_with_the_reason()
    {
        var o = new SynthOptions(Frames: 5, InitialCells: 3, Seed: 1);
        var path = Path.Combine(_dir, "z.db");
        BuildDatabase(path, o);
        using var job = new SequenceTrackingJob(path, "j", new SequenceKey(o.Dataset, o.Sequence, 5, ThreeD: true), new TrackingOptions());
        Assert.True(job.Step(10).Finished);
        Assert.Equal("skipped", job.Progress.Status.StoredName());
        Assert.Contains("3D", job.Progress.Message);
        Assert.Empty(Tracks(path));
    }

    [Fact]
    public void Reset_clears_tracks_progress_and_track_ids()
    {
        var o = new SynthOptions(Frames: 8, InitialCells: 4, Seed: 1);
        var path = Path.Combine(_dir, "r.db");
        BuildDatabase(path, o);
        using (var job = new SequenceTrackingJob(path, "j", Key(o), new TrackingOptions()))
            RunToEnd(job, 50);
        Assert.NotEmpty(Tracks(path));
        using (var store = TrackingStore.Open(path))
            store.Reset("j");
        Assert.Empty(Tracks(path));
        Assert.Empty(Dump(path, "SELECT * FROM tracking"));
        Assert.Empty(Dump(path, "SELECT * FROM objects WHERE track_id IS NOT NULL"));
    }

    [Fact]
    public void A_version_1_database_is_upgraded_to_the_tracking_schema()
    {
        var path = Path.Combine(_dir, "v1.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE tracks (job TEXT NOT NULL, track_id INTEGER NOT NULL, sequence TEXT NOT NULL, t_start INTEGER NOT NULL, t_end INTEGER NOT NULL, parent_track_id INTEGER, PRIMARY KEY (job, track_id)); PRAGMA user_version=1;";
            cmd.ExecuteNonQuery();
        }
        ResultStore.OpenSqlite(path).Dispose();
        Assert.Contains(Dump(path, "SELECT name FROM pragma_table_info('tracks')"), n => n == "division_t");
        Assert.Equal(Schema.Version.ToString(CultureInfo.InvariantCulture), Dump(path, "PRAGMA user_version").Single());
    }
}
