namespace CellActors.Results;

/// <summary>
/// The results schema (SQLite dialect). Keys make every write idempotent: job + image + object.
/// Opening an older database for writing brings it up to date and leaves its rows untouched (every statement is
/// <c>IF NOT EXISTS</c>; see <see cref="SqliteUpgrade"/>): 1 = the pipeline tables; 2 = adds the ground-truth tables
/// (<c>gt_imports</c>, <c>gt_frames</c>, <c>gt_objects</c>, <c>gt_tracks</c>); 3 = tracking (<c>tracks</c> with
/// dataset, sequence-local track ids and per-track measurements, replacing the never-written version 1 table;
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
}
