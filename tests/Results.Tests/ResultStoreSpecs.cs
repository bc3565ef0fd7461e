using CellActors.Messages;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Results.Tests;

/// <summary>
/// The results database: manifest, idempotent batch commits, runs, status and the DSB view. The same checks run
/// on embedded SQLite (<see cref="SqliteResultStoreSpecs"/>) and on a real MariaDB server (<see cref="MariaDbResultStoreSpecs"/>).
/// </summary>
public abstract class ResultStoreChecks : IDisposable
{
    protected abstract ResultStore Store { get; }

    protected static IEnumerable<FrameRef> Manifest(int n) =>
        Enumerable.Range(0, n).Select(i => new FrameRef(i, "DS", "01", i, 0, $"/d/t{i:D3}.tif", 0, $"DS/01/t{i:D4}"));

    protected static FrameRow Frame(int t, int cells) =>
        new($"DS/01/t{t:D4}", "DS", "01", t, 0, 10, 20, cells, cells * 5, 200, cells * 5 / 200.0, 1, 0, 9, 0.5, $"/d/t{t:D3}.tif", 0);

    protected static ObjectRow Object(int t, int label, string rle) =>
        new($"DS/01/t{t:D4}", label, 5, 1.5, 2.5, 1, 2, 3, 4, 7, 1, 9, 35, 8, 0.3, 1, 2.5, 1, 1.0, rle);

    protected void Manifest_is_stored_in_order_and_read_back_by_range()
    {
        Assert.Equal(7, Store.CreateJob("j", "/d", "fp", 3, Manifest(7), [new ErrorRow("/d/bad.tif", 0, null, "discover", "truncated", "bad.tif: truncated")]));
        var part = Store.ReadManifest("j", 3, 3);
        Assert.Equal([3L, 4L, 5L], part.Select(f => f.Index));
        Assert.Equal("DS/01/t0004", part[1].ImageId);
        Assert.Single(Store.ReadManifest("j", 6, 3));
        Assert.Equal(7, Store.GetJob("j")!.FrameCount);
        Assert.Equal(1, Store.GetStatus("j")!.Errors);
    }

    protected void Channel_planes_physical_sizes_and_per_channel_rows_round_trip()
    {
        FrameRef[] manifest =
        [
            new(0, "DS", "", 0, 2, "/d/a.ome.tif", 4, "DS/a/z0002", [new ChannelPlane("/d/a.ome.tif", 4, "DAPI"), new ChannelPlane("/d/b.ome.tif", 4, null)],
                new PhysicalScale(0.25, 0.5, 2, null)),
            new(1, "DS", "", 1, 0, "/d/c.tif", 0, "DS/c"),
        ];
        Store.CreateJob("j", "/d", "fp", 2, manifest, []);
        var back = Store.ReadManifest("j", 0, 2);
        Assert.Equal(manifest[0].Channels, back[0].Channels);
        Assert.Equal(manifest[0].Scale, back[0].Scale);
        Assert.Null(back[1].Channels);
        Assert.Null(back[1].Scale);
        var run = Store.StartRun("j");
        Assert.True(Store.CommitBatch("j", 0, run, [Frame(0, 1) with { PhysicalSizeX = 0.25, TimeIncrement = 3 }], [Object(0, 1, "1 5") with { AreaUm2 = 0.3125 }], [],
            [new FrameIntensityRow("DS/01/t0000", 0, "DAPI", 1, 0, 9, 0.5), new FrameIntensityRow("DS/01/t0000", 1, null, 2, 1, 3, 0.25)],
            [new ObjectIntensityRow("DS/01/t0000", 1, 0, "DAPI", 7, 1, 9, 35, 2), new ObjectIntensityRow("DS/01/t0000", 1, 1, null, 3, 2, 4, 15, 0.5)]));
        Assert.Equal([0.25, 3.0], Store.Query("SELECT physical_size_x, time_increment FROM frames WHERE job = 'j'")[0].Select(Convert.ToDouble));
        Assert.Null(Store.Query("SELECT physical_size_y FROM frames WHERE job = 'j'")[0][0]); // unknown stays NULL
        Assert.Equal(0.3125, Convert.ToDouble(Store.Query("SELECT area_um2 FROM objects WHERE job = 'j'")[0][0]));
        Assert.Equal(2, Convert.ToInt64(Store.Query("SELECT COUNT(*) FROM frame_intensities WHERE job = 'j'")[0][0]));
        Assert.Equal([1.0, 15.0, 0.5], Store.Query("SELECT channel, sum, std FROM object_intensities WHERE job = 'j' AND channel = 1")[0].Select(Convert.ToDouble));
    }

    /// <summary>Numbers go into a server's multi-row statements as SQL literals: every double must come back bit for bit, and integers whole.</summary>
    protected void Numbers_come_back_exactly_as_written()
    {
        double[] awkward = [0.1, 1.0 / 3, Math.PI * 1e-300, double.Epsilon, double.MaxValue, -2.5e-17, 123456789.123456789, 1e21, -0.0, 7];
        Store.CreateJob("j", "/d", "fp", 1, Manifest(1), []);
        var run = Store.StartRun("j");
        var objects = awkward.Select((d, i) => Object(0, i + 1, "1 5") with
        {
            Area = long.MaxValue - i, CentroidX = d, IntensitySum = -d, Eccentricity = d / 7, AreaUm2 = d / 3,
            Shape = new ObjectShapeRow(d, d, d, d, d, d, d, d, int.MinValue + i, i, i % 2 == 0 ? d : null),
        }).ToList();
        Assert.True(Store.CommitBatch("j", 0, run, [Frame(0, objects.Count) with { CellRatio = 1.0 / 3, PhysicalSizeX = double.Epsilon }], objects, []));
        var back = Store.Query("SELECT label, area, centroid_x, intensity_sum, eccentricity, area_um2, feret_diameter_min, euler_number, nearest_neighbour_distance FROM objects WHERE job = 'j' ORDER BY label");
        Assert.Equal(awkward.Length, back.Count);
        for (var i = 0; i < awkward.Length; i++)
        {
            var d = awkward[i];
            Assert.Equal(long.MaxValue - i, Convert.ToInt64(back[i][1]));
            var x = Convert.ToDouble(back[i][2]);
            Assert.True(d == 0 ? x == 0 : BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(x), $"centroid_x {d:R} came back as {x:R}");
            Assert.Equal(-d, Convert.ToDouble(back[i][3]));
            Assert.Equal(d / 7, Convert.ToDouble(back[i][4]));
            Assert.Equal(d / 3, Convert.ToDouble(back[i][5]));
            Assert.Equal(d, Convert.ToDouble(back[i][6]));
            Assert.Equal(int.MinValue + i, Convert.ToInt32(back[i][7]));
            if (i % 2 == 0) Assert.Equal(d, Convert.ToDouble(back[i][8]));
            else Assert.Null(back[i][8]);
        }
        Assert.Equal([1.0 / 3, double.Epsilon], Store.Query("SELECT cell_ratio, physical_size_x FROM frames WHERE job = 'j'")[0].Select(Convert.ToDouble));
    }

    protected void A_batch_is_written_once_even_when_delivered_twice()
    {
        Store.CreateJob("j", "/d", "fp", 2, Manifest(4), []);
        var run = Store.StartRun("j");
        var longRle = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => $"{i * 10 + 1} 3")); // ~2.6 MB: more than TEXT, MEDIUMTEXT is not needed but LONGTEXT holds it
        Assert.True(Store.CommitBatch("j", 0, run, [Frame(0, 1), Frame(1, 0)], [Object(0, 1, longRle)], []));
        Assert.False(Store.CommitBatch("j", 0, run, [Frame(0, 1), Frame(1, 0)], [Object(0, 1, longRle)], []));
        Assert.Equal(2, Store.CountFrames("j"));
        Assert.Equal(longRle, Assert.Single(Store.Query("SELECT rle FROM objects WHERE job = @j", ("@j", "j")))[0]);
        Assert.Equal(2, Store.Runs("j").Single().FramesProcessed);
        Assert.Equal(new HashSet<long> { 0 }, Store.CommittedBatches("j", [0, 1]));
        var status = Store.GetStatus("j")!;
        Assert.Equal(2, status.FramesDone);
        Assert.Equal(1, status.Objects);
        Assert.Equal(1, status.FramesWithCells);
    }

    protected void Runs_record_what_was_committed_before_them()
    {
        Store.CreateJob("j", "/d", "fp", 2, Manifest(6), []);
        var r1 = Store.StartRun("j");
        Store.CommitBatch("j", 0, r1, [Frame(0, 0), Frame(1, 0)], [], []);
        var r2 = Store.StartRun("j"); // r1 died
        Store.CommitBatch("j", 1, r2, [Frame(2, 0)], [], [new ErrorRow("/d/t003.tif", 0, "DS/01/t0003", "read", "truncated", "t003.tif: truncated")]);
        Store.EndRun("j", r2, RunStatus.Completed);
        var runs = Store.Runs("j");
        Assert.Equal(["interrupted", "completed"], runs.Select(r => r.Status.StoredName()));
        Assert.Equal([0L, 2L], runs.Select(r => r.CommittedAtStart));
        Assert.Equal([2L, 2L], runs.Select(r => r.FramesProcessed));
    }

    protected void The_dsb_view_joins_masks_with_their_frame_shape()
    {
        Store.CreateJob("j", "/d", "fp", 1, Manifest(1), []);
        Store.CommitBatch("j", 0, Store.StartRun("j"), [Frame(0, 1)], [Object(0, 1, "1 5")], []);
        var r = Assert.Single(Store.Query("SELECT ImageId, EncodedPixels, Height, Width, total_area, cell_area, cell_ratio FROM dsb_submission"));
        Assert.Equal("DS/01/t0000", r[0]);
        Assert.Equal("1 5", r[1]);
        Assert.Equal(10L, Convert.ToInt64(r[2]));
        Assert.Equal(20L, Convert.ToInt64(r[3]));
        Assert.Equal(200L, Convert.ToInt64(r[4]));
        Assert.Equal(5L, Convert.ToInt64(r[5]));
        Assert.Equal(5 / 200.0, Convert.ToDouble(r[6]));
    }

    protected void Creating_a_job_again_replaces_what_an_interrupted_attempt_left()
    {
        Store.CreateJob("j", "/d", "fp", 2, Manifest(4), []);
        Store.CommitBatch("j", 0, Store.StartRun("j"), [Frame(0, 0)], [], []);
        Store.CreateJob("j", "/d", "fp2", 2, Manifest(3), []);
        Assert.Equal(0, Store.CountFrames("j"));
        Assert.Equal("fp2", Store.GetJob("j")!.Fingerprint);
        Assert.Empty(Store.Runs("j"));
    }

    protected void Ids_are_stored_whole_and_case_sensitive()
    {
        var longId = "DS/" + new string('x', 500) + "/t0000";
        var frames = new[] { new FrameRef(0, "DS", "01", 0, 0, "/d/a.tif", 0, longId), new FrameRef(1, "DS", "01", 1, 0, "/d/A.tif", 0, longId.ToUpperInvariant()) };
        Store.CreateJob("j", "/d", "fp", 2, frames, []);
        var run = Store.StartRun("j");
        Assert.True(Store.CommitBatch("j", 0, run,
            [Frame(0, 1) with { ImageId = longId }, Frame(1, 1) with { ImageId = longId.ToUpperInvariant() }],
            [Object(0, 1, "1 2") with { ImageId = longId }, Object(0, 1, "3 2") with { ImageId = longId.ToUpperInvariant() }], []));
        var ids = Store.Query("SELECT image_id FROM frames WHERE job = 'j' ORDER BY image_id").Select(r => (string)r[0]!).ToList();
        Assert.Equal([longId.ToUpperInvariant(), longId], ids);
        Assert.Equal(2, Store.Query("SELECT rle FROM objects WHERE job = 'j'").Count);
    }

    protected void The_dashboard_indexes_exist()
    {
        var names = Store.Kind == DatabaseKind.Sqlite
            ? Store.Query("SELECT name FROM sqlite_master WHERE type = 'index'").Select(r => (string)r[0]!).ToHashSet()
            : Store.Query("SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE()").Select(r => (string)r[0]!).ToHashSet();
        Assert.Contains("frames_by_sequence", names);
        Assert.Contains("objects_by_track", names);
    }

    public abstract void Dispose();
}

/// <summary>The results database on embedded SQLite (the one-process default).</summary>
public sealed class SqliteResultStoreSpecs : ResultStoreChecks
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cellactors-results-specs", Guid.NewGuid().ToString("N"));
    private readonly ResultStore _store;

    public SqliteResultStoreSpecs()
    {
        Directory.CreateDirectory(_dir);
        _store = ResultStore.OpenSqlite(Path.Combine(_dir, "cellactors.db"));
    }

    protected override ResultStore Store => _store;

    [Fact] public void Manifest_is_stored_in_order_and_read_back_by_range_() => Manifest_is_stored_in_order_and_read_back_by_range();
    [Fact] public void A_batch_is_written_once_even_when_delivered_twice_() => A_batch_is_written_once_even_when_delivered_twice();
    [Fact] public void Channel_planes_physical_sizes_and_per_channel_rows_round_trip_() => Channel_planes_physical_sizes_and_per_channel_rows_round_trip();
    [Fact] public void Runs_record_what_was_committed_before_them_() => Runs_record_what_was_committed_before_them();
    [Fact] public void The_dsb_view_joins_masks_with_their_frame_shape_() => The_dsb_view_joins_masks_with_their_frame_shape();
    [Fact] public void Creating_a_job_again_replaces_what_an_interrupted_attempt_left_() => Creating_a_job_again_replaces_what_an_interrupted_attempt_left();
    [Fact] public void Ids_are_stored_whole_and_case_sensitive_() => Ids_are_stored_whole_and_case_sensitive();
    [Fact] public void The_dashboard_indexes_exist_() => The_dashboard_indexes_exist();
    [Fact] public void Numbers_come_back_exactly_as_written_() => Numbers_come_back_exactly_as_written();

    public override void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>The same checks on a real MariaDB server the fixture starts (skipped with the reason when MariaDB is not installed).</summary>
public sealed class MariaDbResultStoreSpecs(MariaDbFixture db) : ResultStoreChecks, IClassFixture<MariaDbFixture>
{
    private ResultStore? _store;

    protected override ResultStore Store => _store ??= ResultStore.Open(db.NewDatabaseUrl("results"));

    [MariaDbFact] public void Manifest_is_stored_in_order_and_read_back_by_range_() => Manifest_is_stored_in_order_and_read_back_by_range();
    [MariaDbFact] public void A_batch_is_written_once_even_when_delivered_twice_() => A_batch_is_written_once_even_when_delivered_twice();
    [MariaDbFact] public void Channel_planes_physical_sizes_and_per_channel_rows_round_trip_() => Channel_planes_physical_sizes_and_per_channel_rows_round_trip();
    [MariaDbFact] public void Runs_record_what_was_committed_before_them_() => Runs_record_what_was_committed_before_them();
    [MariaDbFact] public void The_dsb_view_joins_masks_with_their_frame_shape_() => The_dsb_view_joins_masks_with_their_frame_shape();
    [MariaDbFact] public void Creating_a_job_again_replaces_what_an_interrupted_attempt_left_() => Creating_a_job_again_replaces_what_an_interrupted_attempt_left();
    [MariaDbFact] public void Ids_are_stored_whole_and_case_sensitive_() => Ids_are_stored_whole_and_case_sensitive();
    [MariaDbFact] public void The_dashboard_indexes_exist_() => The_dashboard_indexes_exist();
    [MariaDbFact] public void Numbers_come_back_exactly_as_written_() => Numbers_come_back_exactly_as_written();

    [MariaDbFact]
    public void An_id_longer_than_its_key_column_is_refused_not_truncated()
    {
        var id = new string('i', Schema.Limits.ImageId + 1);
        var e = Assert.Throws<ValueTooLongException>(() => Store.CreateJob("j", "/d", "fp", 1, [new FrameRef(0, "DS", "01", 0, 0, "/d/x.tif", 0, id)], []));
        Assert.Contains("image_id", e.Message);
        Assert.Contains("refused rather than truncated", e.Message);
        Assert.Null(Store.GetJob("j"));
    }

    [MariaDbFact]
    public void The_server_session_is_strict_so_nothing_is_truncated_silently()
    {
        Assert.Contains("STRICT_ALL_TABLES", (string)Store.Query("SELECT @@SESSION.sql_mode")[0][0]!);
        Store.CreateJob("j", "/d", "fp", 1, [], []);
        // Below the store's own length checks, the server itself refuses a value that does not fit.
        var e = Assert.ThrowsAny<MySqlConnector.MySqlException>(() => Store.Query("UPDATE jobs SET status = @s WHERE job = 'j'", ("@s", new string('s', Schema.Limits.Code + 1))));
        Assert.Contains("too long", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("running", Store.GetJob("j")!.Status.StoredName());
    }

    [MariaDbFact]
    public void Two_writers_of_the_same_batch_write_it_once()
    {
        Store.CreateJob("j", "/d", "fp", 2, Manifest(2), []);
        var run = Store.StartRun("j");
        var results = new bool[2];
        Parallel.For(0, 2, i => results[i] = Store.CommitBatch("j", 0, run, [Frame(0, 1), Frame(1, 0)], [Object(0, 1, "1 5")], []));
        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(2, Store.Runs("j").Single().FramesProcessed);
        Assert.Equal(1L, Convert.ToInt64(Store.Query("SELECT COUNT(*) FROM batches WHERE job = 'j'")[0][0]));
    }

    public override void Dispose() => _store?.Dispose();
}
