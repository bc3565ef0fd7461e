using CellActors.Messages;
using CellActors.Results;
using Xunit;

namespace CellActors.Results.Tests;

/// <summary>The results database: manifest, idempotent batch commits, runs and status.</summary>
public sealed class ResultStoreSpecs : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cellactors-results-specs", Guid.NewGuid().ToString("N"));
    private readonly ResultStore _store;

    public ResultStoreSpecs()
    {
        Directory.CreateDirectory(_dir);
        _store = ResultStore.OpenSqlite(Path.Combine(_dir, "cellactors.db"));
    }

    private static IEnumerable<FrameRef> Manifest(int n) =>
        Enumerable.Range(0, n).Select(i => new FrameRef(i, "DS", "01", i, 0, $"/d/t{i:D3}.tif", 0, $"DS/01/t{i:D4}"));

    private static FrameRow Frame(int t, int cells) =>
        new($"DS/01/t{t:D4}", "DS", "01", t, 0, 10, 20, cells, cells * 5, 200, cells * 5 / 200.0, 1, 0, 9, 0.5, $"/d/t{t:D3}.tif", 0);

    private static ObjectRow Object(int t, int label, string rle) =>
        new($"DS/01/t{t:D4}", label, 5, 1.5, 2.5, 1, 2, 3, 4, 7, 1, 9, 35, 8, 0.3, 1, 2.5, 1, 1.0, rle);

    [Fact]
    public void Manifest_is_stored_in_order_and_read_back_by_range()
    {
        Assert.Equal(7, _store.CreateJob("j", "/d", "fp", 3, Manifest(7), [new ErrorRow("/d/bad.tif", 0, null, "discover", "truncated", "bad.tif: truncated")]));
        var part = _store.ReadManifest("j", 3, 3);
        Assert.Equal([3L, 4L, 5L], part.Select(f => f.Index));
        Assert.Equal("DS/01/t0004", part[1].ImageId);
        Assert.Single(_store.ReadManifest("j", 6, 3));
        Assert.Equal(7, _store.GetJob("j")!.FrameCount);
        Assert.Equal(1, _store.GetStatus("j")!.Errors);
    }

    [Fact]
    public void A_batch_is_written_once_even_when_delivered_twice()
    {
        _store.CreateJob("j", "/d", "fp", 2, Manifest(4), []);
        var run = _store.StartRun("j");
        var longRle = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"{i * 10 + 1} 3"));
        Assert.True(_store.CommitBatch("j", 0, run, [Frame(0, 1), Frame(1, 0)], [Object(0, 1, longRle)], []));
        Assert.False(_store.CommitBatch("j", 0, run, [Frame(0, 1), Frame(1, 0)], [Object(0, 1, longRle)], []));
        Assert.Equal(2, _store.CountFrames("j"));
        Assert.Equal(2, _store.Runs("j").Single().FramesProcessed);
        Assert.Equal(new HashSet<long> { 0 }, _store.CommittedBatches("j", [0, 1]));
        var status = _store.GetStatus("j")!;
        Assert.Equal(2, status.FramesDone);
        Assert.Equal(1, status.Objects);
        Assert.Equal(1, status.FramesWithCells);
    }

    [Fact]
    public void Runs_record_what_was_committed_before_them()
    {
        _store.CreateJob("j", "/d", "fp", 2, Manifest(6), []);
        var r1 = _store.StartRun("j");
        _store.CommitBatch("j", 0, r1, [Frame(0, 0), Frame(1, 0)], [], []);
        var r2 = _store.StartRun("j"); // r1 died
        _store.CommitBatch("j", 1, r2, [Frame(2, 0)], [], [new ErrorRow("/d/t003.tif", 0, "DS/01/t0003", "read", "truncated", "t003.tif: truncated")]);
        _store.EndRun("j", r2, "completed");
        var runs = _store.Runs("j");
        Assert.Equal(["interrupted", "completed"], runs.Select(r => r.Status));
        Assert.Equal([0L, 2L], runs.Select(r => r.CommittedAtStart));
        Assert.Equal([2L, 2L], runs.Select(r => r.FramesProcessed));
    }

    [Fact]
    public void The_dsb_view_joins_masks_with_their_frame_shape()
    {
        _store.CreateJob("j", "/d", "fp", 1, Manifest(1), []);
        _store.CommitBatch("j", 0, _store.StartRun("j"), [Frame(0, 1)], [Object(0, 1, "1 5")], []);
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_store.Path};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT ImageId, EncodedPixels, Height, Width, total_area, cell_area, cell_ratio FROM dsb_submission";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("DS/01/t0000", r.GetString(0));
        Assert.Equal("1 5", r.GetString(1));
        Assert.Equal(10, r.GetInt32(2));
        Assert.Equal(20, r.GetInt32(3));
        Assert.Equal(200, r.GetInt32(4));
    }

    [Fact]
    public void Creating_a_job_again_replaces_what_an_interrupted_attempt_left()
    {
        _store.CreateJob("j", "/d", "fp", 2, Manifest(4), []);
        _store.CommitBatch("j", 0, _store.StartRun("j"), [Frame(0, 0)], [], []);
        _store.CreateJob("j", "/d", "fp2", 2, Manifest(3), []);
        Assert.Equal(0, _store.CountFrames("j"));
        Assert.Equal("fp2", _store.GetJob("j")!.Fingerprint);
        Assert.Empty(_store.Runs("j"));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
