namespace CellActors.Results;

/// <summary>
/// The results schema, in the SQLite and the MariaDB/MySQL dialects (same tables, columns, column order, keys and
/// view). Keys make every write idempotent: job + image + object. On MariaDB/MySQL the key columns are bounded
/// VARCHARs (InnoDB keys are at most 3072 bytes; see <see cref="Limits"/>), every other text is LONGTEXT, the
/// collation is binary (ids that differ only in case stay distinct, and order like SQLite's), and the store writes
/// in strict SQL mode, so nothing is ever silently truncated.
/// SQLite: opening an older database for writing brings it up to date and leaves its rows untouched (see
/// <see cref="SqliteUpgrade"/>): 1 = the pipeline tables; 2 = adds the ground-truth tables (<c>gt_imports</c>,
/// <c>gt_frames</c>, <c>gt_objects</c>, <c>gt_tracks</c>; SQLite only); 3 = tracking (<c>tracks</c> keyed by dataset,
/// sequence and a job-unique track id, with per-track measurements, replacing the never-written version 1 table;
/// <c>tracking</c> progress). A database of a newer version than <see cref="Version"/> is refused for writing.
/// </summary>
public static class Schema
{
    /// <summary>Schema version stored in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 3;

    /// <summary>
    /// Statements that bring a database of an older version up to <see cref="Version"/> before <see cref="Sqlite"/> runs
    /// (the <c>tracks</c> table of versions 1 and 2 was never written: nothing tracked before version 3).
    /// </summary>
    public static string SqliteUpgrade(int from) => from is > 0 and < 3 ? "DROP TABLE IF EXISTS tracks;" : "";

    /// <summary>DDL, run once per database.</summary>
    public const string Sqlite = """
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
        CREATE VIEW IF NOT EXISTS dsb_submission AS
          SELECT o.job AS job, o.image_id AS ImageId, o.rle AS EncodedPixels, f.height AS Height, f.width AS Width,
                 f.total_area AS total_area, f.cell_area AS cell_area, f.cell_ratio AS cell_ratio
          FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id;
        """;

    /// <summary>Maximum lengths (characters) of key columns on MariaDB/MySQL; longer values are refused with <see cref="ValueTooLongException"/>.</summary>
    public static class Limits
    {
        /// <summary><c>job</c>.</summary>
        public const int Job = 128;

        /// <summary><c>image_id</c>.</summary>
        public const int ImageId = 600;

        /// <summary><c>dataset</c>.</summary>
        public const int Dataset = 200;

        /// <summary><c>sequence</c>.</summary>
        public const int Sequence = 64;

        /// <summary><c>errors.uri</c> (part of the errors key; <c>frames.uri</c> and <c>inputs.uri</c> are unbounded).</summary>
        public const int ErrorUri = 600;

        /// <summary><c>stage</c>, <c>error_type</c>, <c>status</c>.</summary>
        public const int Code = 128;
    }

    private const string Table = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    /// <summary>DDL for MariaDB 10.x / MySQL 8 (run on every open; idempotent). Same tables, columns and order as <see cref="Sqlite"/>.</summary>
    public static readonly string MySql = $"""
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
        """;
}
