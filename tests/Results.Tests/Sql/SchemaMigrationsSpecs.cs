using CellActors.Results.Sql;
using CellActors.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Results.Tests.Sql;

/// <summary>Numbered schema migrations: recorded in <c>schema_version</c>, applied once on open, old markers adopted, newer databases refused.</summary>
public sealed class SchemaMigrationsSpecs(MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>, IDisposable
{
    private readonly TempDir _dir = new("migrations-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void Migrations_are_numbered_from_one_without_gaps_and_described()
    {
        Assert.Equal(Enumerable.Range(1, SchemaMigrations.All.Count), SchemaMigrations.All.Select(m => m.Version));
        Assert.All(SchemaMigrations.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
        Assert.Equal(SchemaMigrations.All[^1].Version, Schema.Version);
    }

    [Fact]
    public void A_new_sqlite_database_records_every_version_once_and_keeps_the_old_marker_in_step()
    {
        var db = _dir.Sub("cellactors.db");
        ResultStore.OpenSqlite(db).Dispose();
        ResultStore.OpenSqlite(db).Dispose(); // opening again applies nothing
        var rows = ResultsDb.Rows(db, "SELECT version, applied_at FROM schema_version ORDER BY version");
        Assert.Equal(Enumerable.Range(1, Schema.Version).Select(v => (long)v), rows.Select(r => (long)r[0]));
        Assert.All(rows, r => Assert.NotNull(SqlCommands.TryParseTime((string)r[1])));
        Assert.Equal(Schema.Version, ResultsDb.Scalar(db, "PRAGMA user_version"));
    }

    /// <summary>Removes what the migrations after version 3 added (version 6's columns through <see cref="ObjectShapeColumnsSpecs.UndoVersion6"/>), so a database made by this program is as version 3 left it.</summary>
    internal const string UndoAfter3 = """
        DROP VIEW sequence_choices; DROP TABLE frame_segmentation;
        DROP TABLE object_intensities; DROP TABLE frame_intensities;
        ALTER TABLE inputs DROP COLUMN channels; ALTER TABLE inputs DROP COLUMN physical_size_x; ALTER TABLE inputs DROP COLUMN physical_size_y;
        ALTER TABLE inputs DROP COLUMN physical_size_z; ALTER TABLE inputs DROP COLUMN time_increment;
        ALTER TABLE frames DROP COLUMN physical_size_x; ALTER TABLE frames DROP COLUMN physical_size_y; ALTER TABLE frames DROP COLUMN physical_size_z;
        ALTER TABLE frames DROP COLUMN time_increment; ALTER TABLE objects DROP COLUMN area_um2; ALTER TABLE objects DROP COLUMN equivalent_diameter_um;
        ALTER TABLE tracks DROP COLUMN mean_speed_um_s;
        """ + ObjectShapeColumnsSpecs.UndoVersion6;

    [Fact]
    public void A_version_3_database_from_before_schema_version_is_adopted_with_its_rows()
    {
        var db = _dir.Sub("cellactors.db");
        using (var store = ResultStore.OpenSqlite(db))
            store.CreateJob("old", "/d", "fp", 1, [new Messages.FrameRef(0, "A", "01", 0, 0, "/d/t0.tif", 0, "A/01/t0000")], []);
        Exec(db, UndoAfter3 + "DROP TABLE schema_version; DROP INDEX objects_by_track; PRAGMA user_version = 3;"); // as version 3 left it, before that index existed
        using (var store = ResultStore.OpenSqlite(db))
            Assert.Equal("old", store.GetJob("old")!.Job);
        Assert.Equal([1L, 2L, 3L], ResultsDb.Rows(db, "SELECT version FROM schema_version ORDER BY version").Select(r => (long)r[0]).Take(3));
        Assert.Equal(1, ResultsDb.Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'objects_by_track'"));
        Assert.Equal(1, ResultsDb.Scalar(db, "SELECT COUNT(*) FROM inputs WHERE job = 'old'"));
    }

    [Fact]
    public void A_sqlite_database_of_a_newer_schema_version_is_refused_naming_it_and_both_versions()
    {
        var db = _dir.Sub("cellactors.db");
        ResultStore.OpenSqlite(db).Dispose();
        Exec(db, $"INSERT INTO schema_version (version, applied_at) VALUES ({Schema.Version + 1}, '2030-01-01T00:00:00Z')");
        var ex = Assert.Throws<InvalidDataException>(() => ResultStore.OpenSqlite(db));
        Assert.Equal($"{db}: results database schema version {Schema.Version + 1} is newer than this program's ({Schema.Version}); use a newer cellactors", ex.Message);
        Assert.Equal(Schema.Version + 1, ex.Data["databaseVersion"]);
        Assert.Equal(Schema.Version, ex.Data["programVersion"]);
    }

    [MariaDbFact]
    public void A_server_database_records_every_version_once_even_when_opened_by_several_processes_at_once()
    {
        var url = mariaDb.NewDatabaseUrl("migrate");
        Parallel.For(0, 4, _ => ResultStore.Open(url).Dispose());
        using var store = ResultStore.Open(url);
        var versions = store.Query("SELECT version FROM schema_version ORDER BY version").Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(1, Schema.Version).Select(v => (long)v), versions);
    }

    [MariaDbFact]
    public void A_server_database_of_a_newer_schema_version_is_refused_naming_it_and_both_versions()
    {
        var url = mariaDb.NewDatabaseUrl("newer");
        using (var store = ResultStore.Open(url))
            store.Query($"INSERT INTO schema_version (version, applied_at) VALUES ({Schema.Version + 1}, '2030-01-01T00:00:00Z')");
        var ex = Assert.Throws<InvalidDataException>(() => ResultStore.Open(url));
        Assert.Contains($"schema version {Schema.Version + 1} is newer than this program's ({Schema.Version})", ex.Message);
        Assert.Contains(DatabaseTarget.Parse(url).Display, ex.Message);
    }

    [Fact]
    public void The_dialects_say_what_differs()
    {
        Assert.Same(SqlDialect.Sqlite, SqlDialect.For(DatabaseKind.Sqlite));
        Assert.Same(SqlDialect.MySql, SqlDialect.For(DatabaseKind.MariaDb));
        Assert.Same(SqlDialect.MySql, SqlDialect.For(DatabaseKind.MySql));
        Assert.Equal("ON CONFLICT (a, b) DO UPDATE SET c = excluded.c, d = excluded.d", SqlDialect.Sqlite.OnDuplicateKeyUpdate(["a", "b"], ["c", "d"]));
        Assert.Equal("ON DUPLICATE KEY UPDATE c = VALUES(c), d = VALUES(d)", SqlDialect.MySql.OnDuplicateKeyUpdate(["a", "b"], ["c", "d"]));
        Assert.Equal(("INSERT OR IGNORE INTO", "INSERT IGNORE INTO"), (SqlDialect.Sqlite.InsertOrIgnore, SqlDialect.MySql.InsertOrIgnore));
        Assert.Equal("CAST(x AS INTEGER)", SqlDialect.Sqlite.TruncateToInteger("x"));
        Assert.Equal("CAST(TRUNCATE(x, 0) AS SIGNED)", SqlDialect.MySql.TruncateToInteger("x"));
        Assert.True(SqlDialect.MySql.BoundsKeyColumns && !SqlDialect.Sqlite.BoundsKeyColumns);
    }

    private static void Exec(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
