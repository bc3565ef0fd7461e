using CellActors.Imaging;
using CellActors.Results.Formats;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Results.Tests.Formats;

public sealed class RleCsvSpecs : IDisposable
{
    private readonly ResultsFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<(string Id, string Rle, int H, int W)> Submission(string dbDir, string? job = null)
    {
        var csb = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dbDir, "cellactors.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var db = new SqliteConnection(csb.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT f.image_id, COALESCE(o.rle, ''), f.height, f.width FROM frames f LEFT JOIN objects o ON o.job = f.job AND o.image_id = f.image_id"
            + (job is null ? "" : " WHERE f.job = $job") + " ORDER BY f.image_id, o.label";
        if (job is not null) cmd.Parameters.AddWithValue("$job", job);
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string, int, int)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        return rows;
    }

    [Fact]
    public void Export_then_import_round_trips_rle_shapes_and_empty_frames_exactly()
    {
        _dir.Write("sim", "Synth", "01",
            ("Synth/01/t0000", 0, 4, 5, ["1 3 9 2", "14 2"]),
            ("Synth/01/t0001", 1, 4, 5, []),
            ("Synth/01/t0002", 2, 4, 5, ["5 4"]),
            ("odd, \"id\"", 3, 3, 2, ["1 6"]));
        var csv = _dir.Sub("out.csv");
        Assert.Equal(5, RleCsv.Export(_dir.Dir, csv));
        var lines = File.ReadAllLines(csv);
        Assert.Equal(RleCsv.Header, lines[0]);
        Assert.Contains("Synth/01/t0001,,4,5", lines);
        Assert.Contains("\"odd, \"\"id\"\"\",1 6,3,2", lines);

        var back = _dir.Sub("imported");
        var s = RleCsv.Import(csv, back, "again");
        Assert.Equal((4, 1, 4), (s.Frames, s.EmptyFrames, s.Objects));
        Assert.Equal(Submission(_dir.Dir), Submission(back));

        // Second generation: exporting the import gives the same file.
        var csv2 = _dir.Sub("out2.csv");
        RleCsv.Export(back, csv2);
        Assert.Equal(File.ReadAllText(csv), File.ReadAllText(csv2));
    }

    [Fact]
    public void Import_recomputes_measurements_and_parses_ctc_ids()
    {
        var csv = _dir.Sub("in.csv");
        // 4x5 image (H=4): pixels 1..3 = column 0, rows 0-2; pixels 9..10 = column 2, rows 0-1 -> bbox 3 wide, 3 high.
        File.WriteAllText(csv, "ImageId,EncodedPixels,Height,Width\nDS/02/t0007,1 3 9 2,4,5\n");
        RleCsv.Import(csv, _dir.Sub("db"));
        var csb = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir.Sub("db"), "cellactors.db"), Pooling = false };
        using var db = new SqliteConnection(csb.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT f.dataset, f.sequence, f.t, f.cell_count, f.cell_area, f.total_area, o.area, o.bbox_x, o.bbox_y, o.bbox_width, o.bbox_height, o.intensity_mean, j.status FROM frames f JOIN objects o USING (job, image_id) JOIN jobs j USING (job)";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(("DS", "02", 7L, 1L, 5L, 20L, 5L), (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));
        Assert.Equal((0L, 0L, 3L, 3L, 0.0, "completed"), (r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetDouble(11), r.GetString(12)));
    }

    [Fact]
    public void Seed_style_csv_with_a_size_column_and_empty_frames_imports_correct_rows()
    {
        var csv = _dir.Sub("seed.csv");
        File.WriteAllText(csv,
            "ImageId,EncodedPixels,Size\n" +
            "a.png,1 2,\"3, 4\"\n" +
            "a.png,7 3,\"3, 4\"\n" +
            "empty.png,,\"(2, 6)\"\n" +
            "b.png,12 1,\"3, 4\"\n");
        var s = RleCsv.Import(csv, _dir.Sub("db"));
        Assert.Equal((3, 1, 3), (s.Frames, s.EmptyFrames, s.Objects));
        var rows = Submission(_dir.Sub("db"));
        Assert.Equal([("a.png", "1 2", 3, 4), ("a.png", "7 3", 3, 4), ("b.png", "12 1", 3, 4), ("empty.png", "", 2, 6)], rows);
    }

    [Theory]
    [InlineData("1 2 3", "odd number")]
    [InlineData("0 2", "start 0 < 1")]
    [InlineData("5 2 3 1", "starts before the previous run ends")]
    [InlineData("11 5", "past the end")]
    [InlineData("1 x", "")]
    public void Malformed_rle_is_an_error_naming_the_line_and_nothing_is_written(string rle, string problem)
    {
        var csv = _dir.Sub("bad.csv");
        File.WriteAllText(csv, $"ImageId,EncodedPixels,Height,Width\ngood,1 2,3,4\nbad,{rle},3,4\n");
        var ex = Assert.Throws<MalformedRleException>(() => RleCsv.Import(csv, _dir.Sub("db")));
        Assert.Contains("bad.csv line 3", ex.Message);
        Assert.Contains("ImageId bad", ex.Message);
        Assert.Contains(problem, ex.Message);
        Assert.False(File.Exists(Path.Combine(_dir.Sub("db"), "cellactors.db")));
    }

    [Fact]
    public void Overlapping_objects_and_missing_shapes_are_errors()
    {
        var csv = _dir.Sub("overlap.csv");
        File.WriteAllText(csv, "ImageId,EncodedPixels,Height,Width\na,1 3,3,4\na,2 2,3,4\n");
        Assert.Contains("line 3", Assert.Throws<MalformedRleException>(() => RleCsv.Import(csv, _dir.Sub("db"))).Message);
        File.WriteAllText(csv, "ImageId,EncodedPixels\na,1 3\n");
        Assert.Contains("no shape", Assert.Throws<InvalidDataException>(() => RleCsv.Import(csv, _dir.Sub("db"))).Message);
        File.WriteAllText(csv, "ImageId,EncodedPixels,Height,Width\na,1 3,3,4\na,5 1,4,3\n");
        Assert.Contains("line 3", Assert.Throws<InvalidDataException>(() => RleCsv.Import(csv, _dir.Sub("db"))).Message);
        File.WriteAllText(csv, "Image,Pixels\na,1 3\n");
        Assert.Contains("line 1", Assert.Throws<InvalidDataException>(() => RleCsv.Import(csv, _dir.Sub("db"))).Message);
    }

    [Fact]
    public void A_database_with_several_jobs_needs_a_job_name()
    {
        _dir.Write("a", "D", "01", ("D/01/t0000", 0, 2, 2, ["1 1"]));
        _dir.Write("b", "D", "01", ("D/01/t0000", 0, 2, 2, ["2 1"]));
        Assert.Contains("--job", Assert.Throws<ArgumentException>(() => RleCsv.Export(_dir.Dir, _dir.Sub("x.csv"))).Message);
        RleCsv.Export(_dir.Dir, _dir.Sub("x.csv"), "b");
        Assert.Contains("D/01/t0000,2 1,2,2", File.ReadAllLines(_dir.Sub("x.csv")));
    }
}
