using System.Data.Common;
using static CellActors.Results.Schema;

namespace CellActors.Results.Sql;

/// <summary>
/// The results schema as numbered migrations, in the SQLite and the MariaDB/MySQL dialect, and the code that applies
/// them when a database is opened for writing. Each database records the versions applied in <c>schema_version</c>
/// (<c>version</c>, <c>applied_at</c>); opening applies the missing ones in order, each once, and refuses a database
/// whose version is newer than <see cref="Latest"/> (an <see cref="InvalidDataException"/> naming the database and
/// both versions, which are also in its <see cref="Exception.Data"/>: <c>database</c>, <c>databaseVersion</c>,
/// <c>programVersion</c>).
/// <para><b>Adding a migration</b> (a column, a table, an index) is one change, here: append a
/// <see cref="SchemaMigration"/> to <see cref="All"/> with the next number and the statements in both dialects
/// (an empty string where a dialect has nothing to do), and describe it. Never edit or renumber an applied migration:
/// databases out there have recorded it. On SQLite a migration runs in one transaction with its version row; on
/// MariaDB/MySQL DDL commits by itself, so migrations run under a named lock (one process migrates, the others wait
/// and then find it done) and should be written so that a run interrupted half-way can run again (<c>IF NOT EXISTS</c>,
/// MariaDB's <c>ADD COLUMN IF NOT EXISTS</c>). Rows written by an older program stay valid: add columns with a
/// default or as NULL.</para>
/// <para><b>Databases from before <c>schema_version</c>.</b> SQLite databases recorded their version in
/// <c>PRAGMA user_version</c> (1: the pipeline tables; 2: + ground truth; 3: + tracking). Such a database is adopted:
/// what version 3 did on open is done once more (the never-written <c>tracks</c> table of versions 1 and 2 is
/// dropped; migrations 1 to 3 only create what is missing) and its versions are recorded. <c>user_version</c> is kept
/// equal to the schema version, so an older program still refuses a database newer than it knows. Server databases
/// had no version: they run every migration, which on a database made by an older program only creates what it
/// lacks, exactly what opening did before.</para>
/// </summary>
public static class SchemaMigrations
{
    private const string Table = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    /// <summary>Every migration, in order (version k at index k − 1).</summary>
    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        new(1, "pipeline tables: jobs, inputs, frames, objects, errors, batches, runs; view dsb_submission",
            Sqlite: """
            CREATE TABLE IF NOT EXISTS jobs (
              job TEXT NOT NULL PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT NOT NULL,
              frame_count INTEGER NOT NULL, batch_size INTEGER NOT NULL, status TEXT NOT NULL,
              created_at TEXT NOT NULL, completed_at TEXT);
            CREATE TABLE IF NOT EXISTS inputs (
              job TEXT NOT NULL, frame_index INTEGER NOT NULL, image_id TEXT NOT NULL,
              dataset TEXT NOT NULL, sequence TEXT NOT NULL, t INTEGER NOT NULL, z INTEGER NOT NULL,
              uri TEXT NOT NULL, page INTEGER NOT NULL,
              PRIMARY KEY (job, frame_index));
            CREATE TABLE IF NOT EXISTS frames (
              job TEXT NOT NULL, image_id TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL,
              t INTEGER NOT NULL, z INTEGER NOT NULL, height INTEGER NOT NULL, width INTEGER NOT NULL,
              cell_count INTEGER NOT NULL, cell_area INTEGER NOT NULL, total_area INTEGER NOT NULL, cell_ratio REAL NOT NULL,
              intensity_mean REAL NOT NULL, intensity_min REAL NOT NULL, intensity_max REAL NOT NULL, intensity_std REAL NOT NULL,
              uri TEXT NOT NULL, page INTEGER NOT NULL,
              PRIMARY KEY (job, image_id));
            CREATE INDEX IF NOT EXISTS frames_by_sequence ON frames (job, dataset, sequence, t, z);
            CREATE TABLE IF NOT EXISTS objects (
              job TEXT NOT NULL, image_id TEXT NOT NULL, label INTEGER NOT NULL,
              area INTEGER NOT NULL, centroid_x REAL NOT NULL, centroid_y REAL NOT NULL,
              bbox_x INTEGER NOT NULL, bbox_y INTEGER NOT NULL, bbox_width INTEGER NOT NULL, bbox_height INTEGER NOT NULL,
              intensity_mean REAL NOT NULL, intensity_min REAL NOT NULL, intensity_max REAL NOT NULL, intensity_sum REAL NOT NULL,
              perimeter REAL NOT NULL, eccentricity REAL NOT NULL, solidity REAL NOT NULL, equivalent_diameter REAL NOT NULL,
              class_id INTEGER NOT NULL, score REAL NOT NULL, rle TEXT NOT NULL, track_id INTEGER,
              PRIMARY KEY (job, image_id, label));
            CREATE INDEX IF NOT EXISTS objects_by_track ON objects (track_id, job) WHERE track_id IS NOT NULL;
            CREATE TABLE IF NOT EXISTS errors (
              job TEXT NOT NULL, uri TEXT NOT NULL, page INTEGER NOT NULL, image_id TEXT,
              stage TEXT NOT NULL, error_type TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL,
              PRIMARY KEY (job, uri, page));
            CREATE TABLE IF NOT EXISTS batches (
              job TEXT NOT NULL, batch_id INTEGER NOT NULL, frames INTEGER NOT NULL, objects INTEGER NOT NULL,
              errors INTEGER NOT NULL, run_id INTEGER NOT NULL, committed_at TEXT NOT NULL,
              PRIMARY KEY (job, batch_id));
            CREATE TABLE IF NOT EXISTS runs (
              job TEXT NOT NULL, run_id INTEGER NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
              committed_at_start INTEGER NOT NULL, frames_processed INTEGER NOT NULL, status TEXT NOT NULL,
              PRIMARY KEY (job, run_id));
            CREATE VIEW IF NOT EXISTS dsb_submission AS
              SELECT o.job AS job, o.image_id AS ImageId, o.rle AS EncodedPixels, f.height AS Height, f.width AS Width,
                     f.total_area AS total_area, f.cell_area AS cell_area, f.cell_ratio AS cell_ratio
              FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id;
            """,
            MySql: $"""
            CREATE TABLE IF NOT EXISTS jobs (
              job VARCHAR({Limits.Job}) NOT NULL PRIMARY KEY, source LONGTEXT NOT NULL, fingerprint LONGTEXT NOT NULL,
              frame_count BIGINT NOT NULL, batch_size INT NOT NULL, status VARCHAR({Limits.Code}) NOT NULL,
              created_at VARCHAR(40) NOT NULL, completed_at VARCHAR(40) NULL){Table}
            CREATE TABLE IF NOT EXISTS inputs (
              job VARCHAR({Limits.Job}) NOT NULL, frame_index BIGINT NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL,
              dataset VARCHAR({Limits.Dataset}) NOT NULL, sequence VARCHAR({Limits.Sequence}) NOT NULL, t INT NOT NULL, z INT NOT NULL,
              uri LONGTEXT NOT NULL, page INT NOT NULL,
              PRIMARY KEY (job, frame_index)){Table}
            CREATE TABLE IF NOT EXISTS frames (
              job VARCHAR({Limits.Job}) NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL, dataset VARCHAR({Limits.Dataset}) NOT NULL, sequence VARCHAR({Limits.Sequence}) NOT NULL,
              t INT NOT NULL, z INT NOT NULL, height INT NOT NULL, width INT NOT NULL,
              cell_count INT NOT NULL, cell_area BIGINT NOT NULL, total_area BIGINT NOT NULL, cell_ratio DOUBLE NOT NULL,
              intensity_mean DOUBLE NOT NULL, intensity_min DOUBLE NOT NULL, intensity_max DOUBLE NOT NULL, intensity_std DOUBLE NOT NULL,
              uri LONGTEXT NOT NULL, page INT NOT NULL,
              PRIMARY KEY (job, image_id),
              INDEX frames_by_sequence (job, dataset, sequence, t, z)){Table}
            CREATE TABLE IF NOT EXISTS objects (
              job VARCHAR({Limits.Job}) NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL, label INT NOT NULL,
              area BIGINT NOT NULL, centroid_x DOUBLE NOT NULL, centroid_y DOUBLE NOT NULL,
              bbox_x INT NOT NULL, bbox_y INT NOT NULL, bbox_width INT NOT NULL, bbox_height INT NOT NULL,
              intensity_mean DOUBLE NOT NULL, intensity_min DOUBLE NOT NULL, intensity_max DOUBLE NOT NULL, intensity_sum DOUBLE NOT NULL,
              perimeter DOUBLE NOT NULL, eccentricity DOUBLE NOT NULL, solidity DOUBLE NOT NULL, equivalent_diameter DOUBLE NOT NULL,
              class_id INT NOT NULL, score DOUBLE NOT NULL, rle LONGTEXT NOT NULL, track_id BIGINT NULL,
              PRIMARY KEY (job, image_id, label),
              INDEX objects_by_track (track_id, job)){Table}
            CREATE TABLE IF NOT EXISTS errors (
              job VARCHAR({Limits.Job}) NOT NULL, uri VARCHAR({Limits.ErrorUri}) NOT NULL, page INT NOT NULL, image_id VARCHAR({Limits.ImageId}) NULL,
              stage VARCHAR({Limits.Code}) NOT NULL, error_type VARCHAR({Limits.Code}) NOT NULL, message LONGTEXT NOT NULL, at VARCHAR(40) NOT NULL,
              PRIMARY KEY (job, uri, page)){Table}
            CREATE TABLE IF NOT EXISTS batches (
              job VARCHAR({Limits.Job}) NOT NULL, batch_id BIGINT NOT NULL, frames INT NOT NULL, objects INT NOT NULL,
              errors INT NOT NULL, run_id INT NOT NULL, committed_at VARCHAR(40) NOT NULL,
              PRIMARY KEY (job, batch_id)){Table}
            CREATE TABLE IF NOT EXISTS runs (
              job VARCHAR({Limits.Job}) NOT NULL, run_id INT NOT NULL, started_at VARCHAR(40) NOT NULL, ended_at VARCHAR(40) NULL,
              committed_at_start BIGINT NOT NULL, frames_processed BIGINT NOT NULL, status VARCHAR({Limits.Code}) NOT NULL,
              PRIMARY KEY (job, run_id)){Table}
            CREATE OR REPLACE VIEW dsb_submission AS
              SELECT o.job AS job, o.image_id AS ImageId, o.rle AS EncodedPixels, f.height AS Height, f.width AS Width,
                     f.total_area AS total_area, f.cell_area AS cell_area, f.cell_ratio AS cell_ratio
              FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id;
            """),
        new(2, "ground-truth tables gt_imports, gt_frames, gt_objects, gt_tracks (SQLite only: ground truth is imported beside one-process results)",
            Sqlite: """
            CREATE TABLE IF NOT EXISTS gt_imports (
              job TEXT NOT NULL PRIMARY KEY, source TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL,
              seg_frames INTEGER NOT NULL, tra_frames INTEGER NOT NULL, seg_objects INTEGER NOT NULL, tra_objects INTEGER NOT NULL,
              tracks INTEGER NOT NULL, imported_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS gt_frames (
              job TEXT NOT NULL, source TEXT NOT NULL, image_id TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL,
              t INTEGER NOT NULL, z INTEGER NOT NULL, height INTEGER NOT NULL, width INTEGER NOT NULL, object_count INTEGER NOT NULL,
              uri TEXT NOT NULL, page INTEGER NOT NULL,
              PRIMARY KEY (job, source, image_id));
            CREATE INDEX IF NOT EXISTS gt_frames_by_sequence ON gt_frames (dataset, sequence, t, z);
            CREATE TABLE IF NOT EXISTS gt_objects (
              job TEXT NOT NULL, source TEXT NOT NULL, image_id TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL,
              t INTEGER NOT NULL, z INTEGER NOT NULL, label INTEGER NOT NULL,
              area INTEGER NOT NULL, centroid_x REAL NOT NULL, centroid_y REAL NOT NULL,
              bbox_x INTEGER NOT NULL, bbox_y INTEGER NOT NULL, bbox_width INTEGER NOT NULL, bbox_height INTEGER NOT NULL,
              rle TEXT NOT NULL,
              PRIMARY KEY (job, source, image_id, label));
            CREATE INDEX IF NOT EXISTS gt_objects_by_image ON gt_objects (image_id, source);
            CREATE TABLE IF NOT EXISTS gt_tracks (
              job TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL, label INTEGER NOT NULL,
              t_start INTEGER NOT NULL, t_end INTEGER NOT NULL, parent_label INTEGER,
              PRIMARY KEY (job, label));
            """,
            MySql: ""),
        new(3, "tracking: tracks keyed by dataset, sequence and a job-unique track id, with per-track measurements; tracking progress",
            Sqlite: """
            CREATE TABLE IF NOT EXISTS tracks (
              job TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL, track_id INTEGER NOT NULL,
              t_start INTEGER NOT NULL, t_end INTEGER NOT NULL, parent_track_id INTEGER,
              cycle_start INTEGER NOT NULL, observations INTEGER NOT NULL, children INTEGER NOT NULL,
              start_x REAL NOT NULL, start_y REAL NOT NULL, end_x REAL NOT NULL, end_y REAL NOT NULL,
              duration INTEGER NOT NULL, path_length REAL NOT NULL, displacement REAL NOT NULL, mean_speed REAL NOT NULL,
              division_t INTEGER,
              PRIMARY KEY (job, dataset, sequence, track_id));
            CREATE INDEX IF NOT EXISTS tracks_by_parent ON tracks (job, parent_track_id);
            CREATE TABLE IF NOT EXISTS tracking (
              job TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL, id_offset INTEGER NOT NULL, settings TEXT NOT NULL,
              max_distance REAL NOT NULL, last_t INTEGER, next_track_id INTEGER NOT NULL, frames_tracked INTEGER NOT NULL,
              frames_total INTEGER NOT NULL, tracks INTEGER NOT NULL, divisions INTEGER NOT NULL, status TEXT NOT NULL,
              message TEXT, updated_at TEXT NOT NULL,
              PRIMARY KEY (job, dataset, sequence));
            """,
            MySql: $"""
            CREATE TABLE IF NOT EXISTS tracks (
              job VARCHAR({Limits.Job}) NOT NULL, dataset VARCHAR({Limits.Dataset}) NOT NULL, sequence VARCHAR({Limits.Sequence}) NOT NULL, track_id BIGINT NOT NULL,
              t_start INT NOT NULL, t_end INT NOT NULL, parent_track_id BIGINT NULL,
              cycle_start INT NOT NULL, observations INT NOT NULL, children INT NOT NULL,
              start_x DOUBLE NOT NULL, start_y DOUBLE NOT NULL, end_x DOUBLE NOT NULL, end_y DOUBLE NOT NULL,
              duration INT NOT NULL, path_length DOUBLE NOT NULL, displacement DOUBLE NOT NULL, mean_speed DOUBLE NOT NULL,
              division_t INT NULL,
              PRIMARY KEY (job, dataset, sequence, track_id),
              INDEX tracks_by_parent (job, parent_track_id)){Table}
            CREATE TABLE IF NOT EXISTS tracking (
              job VARCHAR({Limits.Job}) NOT NULL, dataset VARCHAR({Limits.Dataset}) NOT NULL, sequence VARCHAR({Limits.Sequence}) NOT NULL,
              id_offset INT NOT NULL, settings LONGTEXT NOT NULL, max_distance DOUBLE NOT NULL, last_t INT NULL, next_track_id INT NOT NULL,
              frames_tracked INT NOT NULL, frames_total INT NOT NULL, tracks INT NOT NULL, divisions INT NOT NULL,
              status VARCHAR({Limits.Code}) NOT NULL, message LONGTEXT NULL, updated_at VARCHAR(40) NOT NULL,
              PRIMARY KEY (job, dataset, sequence)){Table}
            """),
        new(4, "channels and physical units: inputs keep each frame's channel planes and physical size; frames and objects get physical sizes, area_um2 and equivalent_diameter_um; tracks mean_speed_um_s; per-channel tables object_intensities and frame_intensities",
            Sqlite: """
            ALTER TABLE inputs ADD COLUMN channels TEXT;
            ALTER TABLE inputs ADD COLUMN physical_size_x REAL;
            ALTER TABLE inputs ADD COLUMN physical_size_y REAL;
            ALTER TABLE inputs ADD COLUMN physical_size_z REAL;
            ALTER TABLE inputs ADD COLUMN time_increment REAL;
            ALTER TABLE frames ADD COLUMN physical_size_x REAL;
            ALTER TABLE frames ADD COLUMN physical_size_y REAL;
            ALTER TABLE frames ADD COLUMN physical_size_z REAL;
            ALTER TABLE frames ADD COLUMN time_increment REAL;
            ALTER TABLE objects ADD COLUMN area_um2 REAL;
            ALTER TABLE objects ADD COLUMN equivalent_diameter_um REAL;
            ALTER TABLE tracks ADD COLUMN mean_speed_um_s REAL;
            CREATE TABLE IF NOT EXISTS object_intensities (
              job TEXT NOT NULL, image_id TEXT NOT NULL, label INTEGER NOT NULL, channel INTEGER NOT NULL, channel_name TEXT,
              mean REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, std REAL NOT NULL,
              PRIMARY KEY (job, image_id, label, channel));
            CREATE TABLE IF NOT EXISTS frame_intensities (
              job TEXT NOT NULL, image_id TEXT NOT NULL, channel INTEGER NOT NULL, channel_name TEXT,
              mean REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, std REAL NOT NULL,
              PRIMARY KEY (job, image_id, channel));
            """,
            MySql: $"""
            ALTER TABLE inputs ADD COLUMN IF NOT EXISTS channels LONGTEXT NULL, ADD COLUMN IF NOT EXISTS physical_size_x DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS physical_size_y DOUBLE NULL, ADD COLUMN IF NOT EXISTS physical_size_z DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS time_increment DOUBLE NULL;
            ALTER TABLE frames ADD COLUMN IF NOT EXISTS physical_size_x DOUBLE NULL, ADD COLUMN IF NOT EXISTS physical_size_y DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS physical_size_z DOUBLE NULL, ADD COLUMN IF NOT EXISTS time_increment DOUBLE NULL;
            ALTER TABLE objects ADD COLUMN IF NOT EXISTS area_um2 DOUBLE NULL, ADD COLUMN IF NOT EXISTS equivalent_diameter_um DOUBLE NULL;
            ALTER TABLE tracks ADD COLUMN IF NOT EXISTS mean_speed_um_s DOUBLE NULL;
            CREATE TABLE IF NOT EXISTS object_intensities (
              job VARCHAR({Limits.Job}) NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL, label INT NOT NULL, channel INT NOT NULL, channel_name LONGTEXT NULL,
              mean DOUBLE NOT NULL, min DOUBLE NOT NULL, max DOUBLE NOT NULL, sum DOUBLE NOT NULL, std DOUBLE NOT NULL,
              PRIMARY KEY (job, image_id, label, channel)){Table}
            CREATE TABLE IF NOT EXISTS frame_intensities (
              job VARCHAR({Limits.Job}) NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL, channel INT NOT NULL, channel_name LONGTEXT NULL,
              mean DOUBLE NOT NULL, min DOUBLE NOT NULL, max DOUBLE NOT NULL, std DOUBLE NOT NULL,
              PRIMARY KEY (job, image_id, channel)){Table}
            """),
        new(5, "frame_segmentation: what the segmenter chose for each frame and why (scale, polarity, appearance); view sequence_choices",
            Sqlite: """
            CREATE TABLE IF NOT EXISTS frame_segmentation (
              job TEXT NOT NULL, image_id TEXT NOT NULL, dataset TEXT NOT NULL, sequence TEXT NOT NULL,
              segmenter TEXT NOT NULL, scale REAL NOT NULL, inverted INTEGER NOT NULL, modality TEXT NOT NULL,
              background_position REAL, noise REAL, colour INTEGER NOT NULL, typical_diameter REAL, augmentation TEXT NOT NULL,
              PRIMARY KEY (job, image_id));
            CREATE VIEW IF NOT EXISTS sequence_choices AS
              SELECT job, dataset, sequence, segmenter, modality, inverted, colour, augmentation, COUNT(*) AS frames,
                     MIN(scale) AS scale_min, MAX(scale) AS scale_max, AVG(typical_diameter) AS typical_diameter,
                     AVG(background_position) AS background_position, AVG(noise) AS noise
              FROM frame_segmentation GROUP BY job, dataset, sequence, segmenter, modality, inverted, colour, augmentation;
            """,
            MySql: $"""
            CREATE TABLE IF NOT EXISTS frame_segmentation (
              job VARCHAR({Limits.Job}) NOT NULL, image_id VARCHAR({Limits.ImageId}) NOT NULL,
              dataset VARCHAR({Limits.Dataset}) NOT NULL, sequence VARCHAR({Limits.Sequence}) NOT NULL,
              segmenter LONGTEXT NOT NULL, scale DOUBLE NOT NULL, inverted TINYINT NOT NULL, modality VARCHAR({Limits.Code}) NOT NULL,
              background_position DOUBLE NULL, noise DOUBLE NULL, colour TINYINT NOT NULL, typical_diameter DOUBLE NULL,
              augmentation VARCHAR({Limits.Code}) NOT NULL,
              PRIMARY KEY (job, image_id)){Table}
            CREATE OR REPLACE VIEW sequence_choices AS
              SELECT job, dataset, sequence, segmenter, modality, inverted, colour, augmentation, COUNT(*) AS frames,
                     MIN(scale) AS scale_min, MAX(scale) AS scale_max, AVG(typical_diameter) AS typical_diameter,
                     AVG(background_position) AS background_position, AVG(noise) AS noise
              FROM frame_segmentation GROUP BY job, dataset, sequence, segmenter, modality, inverted, colour, augmentation;
            """),
        new(6, "richer object measurements: objects get major_axis_length, minor_axis_length, orientation, extent, feret_diameter_max, feret_diameter_min, form_factor, compactness, euler_number, neighbours, nearest_neighbour_distance (NULL in rows written before)",
            Sqlite: """
            ALTER TABLE objects ADD COLUMN major_axis_length REAL;
            ALTER TABLE objects ADD COLUMN minor_axis_length REAL;
            ALTER TABLE objects ADD COLUMN orientation REAL;
            ALTER TABLE objects ADD COLUMN extent REAL;
            ALTER TABLE objects ADD COLUMN feret_diameter_max REAL;
            ALTER TABLE objects ADD COLUMN feret_diameter_min REAL;
            ALTER TABLE objects ADD COLUMN form_factor REAL;
            ALTER TABLE objects ADD COLUMN compactness REAL;
            ALTER TABLE objects ADD COLUMN euler_number INTEGER;
            ALTER TABLE objects ADD COLUMN neighbours INTEGER;
            ALTER TABLE objects ADD COLUMN nearest_neighbour_distance REAL;
            """,
            MySql: """
            ALTER TABLE objects ADD COLUMN IF NOT EXISTS major_axis_length DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS minor_axis_length DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS orientation DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS extent DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS feret_diameter_max DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS feret_diameter_min DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS form_factor DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS compactness DOUBLE NULL,
              ADD COLUMN IF NOT EXISTS euler_number INT NULL,
              ADD COLUMN IF NOT EXISTS neighbours INT NULL,
              ADD COLUMN IF NOT EXISTS nearest_neighbour_distance DOUBLE NULL;
            """),
    ];

    /// <summary>The newest schema version this program knows.</summary>
    public static int Latest => All[^1].Version;

    private const string SqliteVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);";

    private const string MySqlVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)" + Table;

    /// <summary>
    /// Brings the database on <paramref name="connection"/> (open, writable) to <see cref="Latest"/>; returns the
    /// version it was at before. <paramref name="database"/> names it in messages.
    /// </summary>
    /// <exception cref="InvalidDataException">the database's schema is newer than <see cref="Latest"/>.</exception>
    public static int Apply(DbConnection connection, SqlDialect dialect, string database)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.IsServer ? ApplyServer(connection, dialect, database) : ApplySqlite(connection, dialect, database);
    }

    private static int ApplySqlite(DbConnection c, SqlDialect dialect, string database)
    {
        int before;
        using (var tx = c.BeginTransaction()) // BEGIN IMMEDIATE: one process at a time adopts and migrates
        {
            SqlCommands.Execute(c, SqliteVersionTable, tx);
            before = Recorded(c, tx);
            if (before == 0 && LegacyVersion(c, tx) is var legacy and > 0)
            {
                if (legacy > Latest) throw Newer(database, legacy, Latest);
                if (legacy < 3) SqlCommands.Execute(c, "DROP TABLE IF EXISTS tracks;", tx); // versions 1 and 2: a tracks table that was never written
                foreach (var m in All.Where(m => m.Version <= legacy)) Run(c, tx, dialect, m);
                before = legacy;
            }
            tx.Commit();
        }
        if (before > Latest) throw Newer(database, before, Latest);
        var legacyMarker = LegacyVersion(c, null);
        if (legacyMarker > Latest) throw Newer(database, legacyMarker, Latest); // written by a newer program that kept the marker
        foreach (var m in All.Where(m => m.Version > before))
        {
            using var tx = c.BeginTransaction();
            if (Recorded(c, tx) >= m.Version) continue; // another process applied it meanwhile
            Run(c, tx, dialect, m);
            tx.Commit();
        }
        SqlCommands.Execute(c, $"PRAGMA user_version={Latest};");
        return before;
    }

    private static int ApplyServer(DbConnection c, SqlDialect dialect, string database)
    {
        SqlCommands.Execute(c, MySqlVersionTable);
        var before = Recorded(c, null);
        if (before > Latest) throw Newer(database, before, Latest);
        if (before == Latest) return before;
        var lockName = "cellactors-schema:" + (c.Database.Length > 40 ? c.Database[..40] : c.Database);
        using (var take = SqlCommands.Create(c, "SELECT GET_LOCK(@name, 300)", ("@name", lockName)))
            if (SqlCommands.ToLong(take.ExecuteScalar()) != 1) throw new TimeoutException($"{database}: another process held the schema lock for 5 minutes");
        try
        {
            var now = Recorded(c, null);
            if (now > Latest) throw Newer(database, now, Latest);
            foreach (var m in All.Where(m => m.Version > now)) Run(c, null, dialect, m);
        }
        finally
        {
            using var release = SqlCommands.Create(c, "SELECT RELEASE_LOCK(@name)", ("@name", lockName));
            release.ExecuteScalar();
        }
        return before;
    }

    /// <summary>The refusal of a database newer than this program.</summary>
    private static InvalidDataException Newer(string database, int databaseVersion, int programVersion) =>
        new($"{database}: results database schema version {databaseVersion} is newer than this program's ({programVersion}); use a newer cellactors")
        {
            Data = { ["database"] = database, ["databaseVersion"] = databaseVersion, ["programVersion"] = programVersion },
        };

    /// <summary>Runs a migration's statements and records its version.</summary>
    private static void Run(DbConnection c, DbTransaction? tx, SqlDialect dialect, SchemaMigration m)
    {
        var sql = m.For(dialect);
        if (sql.Length > 0) SqlCommands.Execute(c, sql, tx);
        using var record = SqlCommands.Create(c, tx, $"{dialect.InsertOrIgnore} schema_version (version, applied_at) VALUES (@v, @at)", ("@v", m.Version), ("@at", SqlCommands.Now()));
        record.ExecuteNonQuery();
    }

    /// <summary>The newest version recorded in <c>schema_version</c>; 0 when none is.</summary>
    private static int Recorded(DbConnection c, DbTransaction? tx)
    {
        using var cmd = SqlCommands.Create(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return SqlCommands.ToInt(cmd.ExecuteScalar());
    }

    /// <summary>SQLite's <c>PRAGMA user_version</c>: the version mark of databases from before <c>schema_version</c>.</summary>
    private static int LegacyVersion(DbConnection c, DbTransaction? tx)
    {
        using var cmd = SqlCommands.Create(c, tx, "PRAGMA user_version;");
        return SqlCommands.ToInt(cmd.ExecuteScalar());
    }
}
