using System.Globalization;
using CellActors.Results.Formats;
using CellActors.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Results.Tests;

/// <summary>
/// Schema version 6: the shape columns of <c>objects</c> (major and minor axis, orientation, extent, Feret diameters,
/// form factor, compactness, Euler number, neighbours, nearest-neighbour distance). Older databases open and gain them
/// as NULL columns, their rows kept; rows written now carry the values <see cref="Imaging.ObjectMeasurer"/> measured;
/// the server dialect does the same.
/// </summary>
public sealed class ObjectShapeColumnsSpecs(MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>, IDisposable
{
    /// <summary>The columns migration 6 adds.</summary>
    internal static readonly string[] Columns =
    [
        "major_axis_length", "minor_axis_length", "orientation", "extent", "feret_diameter_max", "feret_diameter_min",
        "form_factor", "compactness", "euler_number", "neighbours", "nearest_neighbour_distance",
    ];

    /// <summary>SQLite statements that take a database back to before migration 6 (its version row removed separately).</summary>
    internal const string UndoVersion6 = """
        ALTER TABLE objects DROP COLUMN major_axis_length; ALTER TABLE objects DROP COLUMN minor_axis_length;
        ALTER TABLE objects DROP COLUMN orientation; ALTER TABLE objects DROP COLUMN extent;
        ALTER TABLE objects DROP COLUMN feret_diameter_max; ALTER TABLE objects DROP COLUMN feret_diameter_min;
        ALTER TABLE objects DROP COLUMN form_factor; ALTER TABLE objects DROP COLUMN compactness;
        ALTER TABLE objects DROP COLUMN euler_number; ALTER TABLE objects DROP COLUMN neighbours;
        ALTER TABLE objects DROP COLUMN nearest_neighbour_distance;
        """;

    private readonly TempDir _dir = new("shape-columns-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static ObjectRow Row(string imageId, int label, string rle, ObjectShapeRow? shape = null) =>
        new(imageId, label, 4, 0.5, 0.5, 0, 0, 2, 2, 1, 1, 1, 4, 8, 0, 1, 2.2, 1, 1.0, rle, Shape: shape);

    private static FrameRow Frame(string imageId) =>
        new(imageId, "DS", "01", 0, 0, 4, 8, 1, 4, 32, 4 / 32.0, 1, 0, 9, 0.5, "/d/t0.tif", 0);

    [Fact]
    public void A_version_5_database_opens_gains_the_columns_as_null_and_keeps_its_rows()
    {
        var db = _dir.Sub("cellactors.db");
        using (var store = ResultStore.OpenSqlite(db))
        {
            store.CreateJob("old", "/d", "fp", 1, [new Messages.FrameRef(0, "DS", "01", 0, 0, "/d/t0.tif", 0, "DS/01/t0000")], []);
            Assert.True(store.CommitBatch("old", 0, store.StartRun("old"), [Frame("DS/01/t0000")], [Row("DS/01/t0000", 1, "1 2 5 2")], []));
        }
        Exec(db, UndoVersion6 + "DELETE FROM schema_version WHERE version = 6; PRAGMA user_version = 5;");
        Assert.DoesNotContain("feret_diameter_max", ObjectColumns(db));

        using (var store = ResultStore.OpenSqlite(db))
        {
            Assert.Equal(1, store.GetJob("old")!.FrameCount);
            // A row written now, beside the old one, carries the values.
            store.CreateJob("new", "/d", "fp", 1, [new Messages.FrameRef(0, "DS", "01", 0, 0, "/d/t0.tif", 0, "DS/01/t0000")], []);
            Assert.True(store.CommitBatch("new", 0, store.StartRun("new"), [Frame("DS/01/t0000")],
                [Row("DS/01/t0000", 1, "1 2 5 2", new ObjectShapeRow(2.3, 2.3, -Math.PI / 4, 1, Math.Sqrt(5), 2, Math.PI / 4, 1.05, 1, 0, null))], []));
        }
        Assert.Equal(6L, ResultsDb.Scalar(db, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(6L, ResultsDb.Scalar(db, "PRAGMA user_version"));
        Assert.Subset(ObjectColumns(db).ToHashSet(), Columns.ToHashSet());
        var old = ResultsDb.Rows(db, $"SELECT {string.Join(", ", Columns)} FROM objects WHERE job = 'old'").Single();
        Assert.All(old, v => Assert.True(v is null or DBNull));
        var now = ResultsDb.Rows(db, $"SELECT {string.Join(", ", Columns)} FROM objects WHERE job = 'new'").Single();
        Assert.Equal([2.3, 2.3, -Math.PI / 4, 1.0, Math.Sqrt(5), 2.0, Math.PI / 4, 1.05, 1.0, 0.0], now.Take(10).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)));
        Assert.True(now[10] is null or DBNull); // alone in its frame: no nearest neighbour
    }

    [Fact]
    public void A_run_writes_the_measured_shape_of_every_object()
    {
        // Frame a (4 × 8): two touching 2×2 squares at columns 0–1 and 2–3 and a far one at columns 6–7, rows 2–3;
        // frame b (3 × 3): one pixel. Column-major 1-based RLE.
        var csv = _dir.Sub("in.csv");
        File.WriteAllLines(csv, [RleCsv.Header, "DS/a,1 2 5 2,4,8", "DS/a,9 2 13 2,4,8", "DS/a,27 2 31 2,4,8", "DS/b,5 1,3,3"]);
        var results = _dir.Sub("results");
        RleCsv.Import(csv, results, "j");
        var rows = ResultsDb.Rows(results, $"SELECT image_id, label, {string.Join(", ", Columns)} FROM objects WHERE job = 'j' ORDER BY image_id, label");
        Assert.Equal(4, rows.Count);
        foreach (var r in rows.Take(3)) Assert.All(r, v => Assert.False(v is null or DBNull));
        double D(int row, string column) => Convert.ToDouble(rows[row][2 + Array.IndexOf(Columns, column)], CultureInfo.InvariantCulture);
        Assert.Equal((1.0, 1.0, 0.0), (D(0, "neighbours"), D(1, "neighbours"), D(2, "neighbours")));
        Assert.Equal(2.0, D(0, "nearest_neighbour_distance"), 12);
        Assert.Equal(Math.Sqrt(20), D(2, "nearest_neighbour_distance"), 12); // (6.5, 2.5) to (2.5, 0.5)
        Assert.Equal(Math.Sqrt(5), D(0, "feret_diameter_max"), 12);          // a 2×2 square: sqrt(2² + 1²)
        Assert.Equal(2.0, D(0, "feret_diameter_min"), 12);
        Assert.Equal(1.0, D(0, "extent"), 12);
        Assert.Equal(1.0, D(0, "euler_number"), 12);
        Assert.Equal(4 * Math.PI * 4 / 64, D(0, "form_factor"), 12);
        Assert.Equal(2 * Math.PI * 0.5 / 4, D(0, "compactness"), 12);
        Assert.Equal(4 * Math.Sqrt(0.25), D(0, "major_axis_length"), 12);
        Assert.Equal(-Math.PI / 4, D(0, "orientation"), 12);
        Assert.True(rows[3][2 + Array.IndexOf(Columns, "nearest_neighbour_distance")] is null or DBNull); // alone in frame b
        Assert.Equal(1.0, D(3, "feret_diameter_max"), 12);
    }

    [MariaDbFact]
    public void A_server_database_from_before_version_6_gains_the_columns_and_stores_the_values()
    {
        var url = mariaDb.NewDatabaseUrl("shape");
        using (var store = ResultStore.Open(url))
        {
            store.Query("ALTER TABLE objects " + string.Join(", ", Columns.Select(c => "DROP COLUMN " + c)));
            store.Query("DELETE FROM schema_version WHERE version = 6");
        }
        using (var store = ResultStore.Open(url))
        {
            Assert.Equal(6L, Convert.ToInt64(store.Query("SELECT MAX(version) FROM schema_version").Single()[0], CultureInfo.InvariantCulture));
            store.CreateJob("j", "/d", "fp", 1, [new Messages.FrameRef(0, "DS", "01", 0, 0, "/d/t0.tif", 0, "DS/01/t0000")], []);
            Assert.True(store.CommitBatch("j", 0, store.StartRun("j"), [Frame("DS/01/t0000")],
                [Row("DS/01/t0000", 1, "1 2 5 2", new ObjectShapeRow(2.5, 1.5, 0.25, 0.75, 3, 2, 0.5, 1.1, -1, 3, 4.5))], []));
            var r = store.Query($"SELECT {string.Join(", ", Columns)} FROM objects WHERE job = 'j'").Single();
            Assert.Equal([2.5, 1.5, 0.25, 0.75, 3, 2, 0.5, 1.1, -1, 3, 4.5], r.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)));
        }
    }

    private static List<string> ObjectColumns(string db) =>
        ResultsDb.Rows(db, "SELECT name FROM pragma_table_info('objects')").Select(r => (string)r[0]).ToList();

    private static void Exec(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
