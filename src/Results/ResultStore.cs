using System.Globalization;
using CellActors.Messages;
using Microsoft.Data.Sqlite;

namespace CellActors.Results;

/// <summary>
/// The results database (embedded SQLite): job manifest, frames, objects, errors, committed batches and runs.
/// Writes are idempotent by key and a batch's rows, its <c>batches</c> row and the run counter commit in one
/// transaction, so "a batch is committed" is a fact the database itself records. Thread-safe: writes are serialized.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private ResultStore(SqliteConnection db) => _db = db;

    /// <summary>Path of the database file.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (creating if needed) a results database at <paramref name="path"/>; for writing, an older schema is brought up to <see cref="Schema.Version"/>.</summary>
    /// <exception cref="InvalidDataException">opened for writing, the database has a newer schema version than this program.</exception>
    public static ResultStore OpenSqlite(string path, bool readOnly = false)
    {
        var csb = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 60,
            Pooling = false,
        };
        var db = new SqliteConnection(csb.ToString());
        db.Open();
        if (!readOnly)
        {
            // WAL: readers (status, SQL tools) never block the writer; NORMAL sync is durable across process crashes.
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
            long version;
            using (var v = db.CreateCommand())
            {
                v.CommandText = "PRAGMA user_version;";
                version = (long)(v.ExecuteScalar() ?? 0L);
            }
            if (version > Schema.Version)
            {
                db.Dispose();
                throw new InvalidDataException($"{path}: results database schema version {version} is newer than this program's ({Schema.Version}); use a newer cellactors");
            }
            var upgrade = Schema.SqliteUpgrade((int)version);
            if (upgrade.Length > 0) Exec(db, upgrade);
            Exec(db, Schema.Sqlite);
            Exec(db, $"PRAGMA user_version={Schema.Version};");
        }
        else
        {
            Exec(db, "PRAGMA query_only=1;");
        }
        return new ResultStore(db) { Path = path };
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>Reads a job's record, or null when the job does not exist.</summary>
    public JobRecord? GetJob(string job)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT job, source, fingerprint, frame_count, batch_size, status, created_at, completed_at FROM jobs WHERE job = $job";
            cmd.Parameters.AddWithValue("$job", job);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return new JobRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt32(4), r.GetString(5),
                ParseTime(r.GetString(6)), r.IsDBNull(7) ? null : ParseTime(r.GetString(7)));
        }
    }

    /// <summary>Lists the jobs in this database.</summary>
    public IReadOnlyList<string> ListJobs()
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT job FROM jobs ORDER BY created_at";
            using var r = cmd.ExecuteReader();
            var jobs = new List<string>();
            while (r.Read()) jobs.Add(r.GetString(0));
            return jobs;
        }
    }

    /// <summary>
    /// Writes a job's manifest (streamed, in order, indices 0..n-1) and the inputs discovery could not use, in one
    /// transaction, replacing anything an interrupted earlier attempt left. Returns the number of frames.
    /// </summary>
    public long CreateJob(string job, string source, string fingerprint, int batchSize, IEnumerable<FrameRef> manifest, IEnumerable<ErrorRow> discoveryErrors)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            foreach (var table in new[] { "jobs", "inputs", "frames", "objects", "tracks", "errors", "batches", "runs" })
            {
                using var del = _db.CreateCommand();
                del.Transaction = tx;
                del.CommandText = $"DELETE FROM {table} WHERE job = $job";
                del.Parameters.AddWithValue("$job", job);
                del.ExecuteNonQuery();
            }

            using var ins = _db.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT INTO inputs (job, frame_index, image_id, dataset, sequence, t, z, uri, page) VALUES ($job, $i, $id, $ds, $seq, $t, $z, $uri, $page)";
            var pJob = ins.Parameters.AddWithValue("$job", job);
            var pI = ins.Parameters.Add("$i", SqliteType.Integer);
            var pId = ins.Parameters.Add("$id", SqliteType.Text);
            var pDs = ins.Parameters.Add("$ds", SqliteType.Text);
            var pSeq = ins.Parameters.Add("$seq", SqliteType.Text);
            var pT = ins.Parameters.Add("$t", SqliteType.Integer);
            var pZ = ins.Parameters.Add("$z", SqliteType.Integer);
            var pUri = ins.Parameters.Add("$uri", SqliteType.Text);
            var pPage = ins.Parameters.Add("$page", SqliteType.Integer);
            ins.Prepare();
            long n = 0;
            foreach (var f in manifest)
            {
                if (f.Index != n) throw new ArgumentException($"manifest index {f.Index} out of order (expected {n})", nameof(manifest));
                pI.Value = f.Index; pId.Value = f.ImageId; pDs.Value = f.Dataset; pSeq.Value = f.Sequence;
                pT.Value = f.T; pZ.Value = f.Z; pUri.Value = f.Uri; pPage.Value = f.Page;
                ins.ExecuteNonQuery();
                n++;
            }

            foreach (var e in discoveryErrors) InsertError(tx, job, e);

            using var jobCmd = _db.CreateCommand();
            jobCmd.Transaction = tx;
            jobCmd.CommandText = "INSERT INTO jobs (job, source, fingerprint, frame_count, batch_size, status, created_at) VALUES ($job, $src, $fp, $n, $bs, 'running', $at)";
            jobCmd.Parameters.AddWithValue("$job", job);
            jobCmd.Parameters.AddWithValue("$src", source);
            jobCmd.Parameters.AddWithValue("$fp", fingerprint);
            jobCmd.Parameters.AddWithValue("$n", n);
            jobCmd.Parameters.AddWithValue("$bs", batchSize);
            jobCmd.Parameters.AddWithValue("$at", Now());
            jobCmd.ExecuteNonQuery();
            tx.Commit();
            return n;
        }
    }

    /// <summary>Reads <paramref name="count"/> manifest entries from <paramref name="fromIndex"/>.</summary>
    public IReadOnlyList<FrameRef> ReadManifest(string job, long fromIndex, int count)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT frame_index, dataset, sequence, t, z, uri, page, image_id FROM inputs WHERE job = $job AND frame_index >= $a AND frame_index < $b ORDER BY frame_index";
            cmd.Parameters.AddWithValue("$job", job);
            cmd.Parameters.AddWithValue("$a", fromIndex);
            cmd.Parameters.AddWithValue("$b", fromIndex + count);
            using var r = cmd.ExecuteReader();
            var list = new List<FrameRef>(count);
            while (r.Read())
                list.Add(new FrameRef(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5), r.GetInt32(6), r.GetString(7)));
            return list;
        }
    }

    /// <summary>
    /// Commits one batch: its frame, object and error rows, its <c>batches</c> row and the run's counter, in one
    /// transaction. Returns false (and writes nothing) when the batch was already committed: delivery is at least
    /// once, writes are exactly once.
    /// </summary>
    public bool CommitBatch(string job, long batchId, int runId, IReadOnlyList<FrameRow> frames, IReadOnlyList<ObjectRow> objects, IReadOnlyList<ErrorRow> errors)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using (var chk = _db.CreateCommand())
            {
                chk.Transaction = tx;
                chk.CommandText = "SELECT 1 FROM batches WHERE job = $job AND batch_id = $b";
                chk.Parameters.AddWithValue("$job", job);
                chk.Parameters.AddWithValue("$b", batchId);
                if (chk.ExecuteScalar() is not null) return false;
            }

            if (frames.Count > 0) InsertFrames(tx, job, frames);
            if (objects.Count > 0) InsertObjects(tx, job, objects);
            foreach (var e in errors) InsertError(tx, job, e);

            using (var b = _db.CreateCommand())
            {
                b.Transaction = tx;
                b.CommandText = """
                    INSERT INTO batches (job, batch_id, frames, objects, errors, run_id, committed_at) VALUES ($job, $b, $f, $o, $e, $run, $at);
                    UPDATE runs SET frames_processed = frames_processed + $n WHERE job = $job AND run_id = $run;
                    """;
                b.Parameters.AddWithValue("$job", job);
                b.Parameters.AddWithValue("$b", batchId);
                b.Parameters.AddWithValue("$f", frames.Count);
                b.Parameters.AddWithValue("$o", objects.Count);
                b.Parameters.AddWithValue("$e", errors.Count);
                b.Parameters.AddWithValue("$run", runId);
                b.Parameters.AddWithValue("$at", Now());
                b.Parameters.AddWithValue("$n", frames.Count + errors.Count);
                b.ExecuteNonQuery();
            }
            tx.Commit();
            return true;
        }
    }

    private void InsertFrames(SqliteTransaction tx, string job, IReadOnlyList<FrameRow> rows)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT OR REPLACE INTO frames (job, image_id, dataset, sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio,
              intensity_mean, intensity_min, intensity_max, intensity_std, uri, page)
            VALUES ($job, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17)
            """;
        cmd.Parameters.AddWithValue("$job", job);
        var p = new SqliteParameter[18];
        for (var i = 1; i <= 17; i++) p[i] = cmd.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        cmd.Prepare();
        foreach (var f in rows)
        {
            p[1].Value = f.ImageId; p[2].Value = f.Dataset; p[3].Value = f.Sequence; p[4].Value = f.T; p[5].Value = f.Z;
            p[6].Value = f.Height; p[7].Value = f.Width; p[8].Value = f.CellCount; p[9].Value = f.CellArea; p[10].Value = f.TotalArea;
            p[11].Value = f.CellRatio; p[12].Value = f.IntensityMean; p[13].Value = f.IntensityMin; p[14].Value = f.IntensityMax;
            p[15].Value = f.IntensityStd; p[16].Value = f.Uri; p[17].Value = f.Page;
            cmd.ExecuteNonQuery();
        }
    }

    private void InsertObjects(SqliteTransaction tx, string job, IReadOnlyList<ObjectRow> rows)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT OR REPLACE INTO objects (job, image_id, label, area, centroid_x, centroid_y, bbox_x, bbox_y, bbox_width, bbox_height,
              intensity_mean, intensity_min, intensity_max, intensity_sum, perimeter, eccentricity, solidity, equivalent_diameter, class_id, score, rle)
            VALUES ($job, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18, $p19, $p20)
            """;
        cmd.Parameters.AddWithValue("$job", job);
        var p = new SqliteParameter[21];
        for (var i = 1; i <= 20; i++) p[i] = cmd.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        cmd.Prepare();
        foreach (var o in rows)
        {
            p[1].Value = o.ImageId; p[2].Value = o.Label; p[3].Value = o.Area; p[4].Value = o.CentroidX; p[5].Value = o.CentroidY;
            p[6].Value = o.BboxX; p[7].Value = o.BboxY; p[8].Value = o.BboxWidth; p[9].Value = o.BboxHeight;
            p[10].Value = o.IntensityMean; p[11].Value = o.IntensityMin; p[12].Value = o.IntensityMax; p[13].Value = o.IntensitySum;
            p[14].Value = o.Perimeter; p[15].Value = o.Eccentricity; p[16].Value = o.Solidity; p[17].Value = o.EquivalentDiameter;
            p[18].Value = o.ClassId; p[19].Value = o.Score; p[20].Value = o.Rle;
            cmd.ExecuteNonQuery();
        }
    }

    private void InsertError(SqliteTransaction tx, string job, ErrorRow e)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR REPLACE INTO errors (job, uri, page, image_id, stage, error_type, message, at) VALUES ($job, $uri, $page, $id, $stage, $type, $msg, $at)";
        cmd.Parameters.AddWithValue("$job", job);
        cmd.Parameters.AddWithValue("$uri", e.Uri);
        cmd.Parameters.AddWithValue("$page", e.Page);
        cmd.Parameters.AddWithValue("$id", (object?)e.ImageId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$stage", e.Stage);
        cmd.Parameters.AddWithValue("$type", e.ErrorType);
        cmd.Parameters.AddWithValue("$msg", e.Message);
        cmd.Parameters.AddWithValue("$at", Now());
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Replaces the ground truth stored under <paramref name="job"/> (tables <c>gt_frames</c>, <c>gt_objects</c>,
    /// <c>gt_tracks</c>, <c>gt_imports</c>) in one transaction: importing the same ground truth again gives the same
    /// rows. <paramref name="frames"/> is enumerated once, inside the transaction, so it may read files lazily.
    /// </summary>
    /// <exception cref="ArgumentException">two frames share a source and image id, or an object label repeats within a frame.</exception>
    public GtImportRecord ReplaceGroundTruth(string job, string source, string dataset, string sequence,
        IEnumerable<(GtFrameRow Frame, IReadOnlyList<GtObjectRow> Objects)> frames, IReadOnlyList<GtTrackRow> tracks)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(tracks);
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            foreach (var table in new[] { "gt_imports", "gt_frames", "gt_objects", "gt_tracks" })
            {
                using var del = _db.CreateCommand();
                del.Transaction = tx;
                del.CommandText = $"DELETE FROM {table} WHERE job = $job";
                del.Parameters.AddWithValue("$job", job);
                del.ExecuteNonQuery();
            }

            using var fc = _db.CreateCommand();
            fc.Transaction = tx;
            fc.CommandText = """
                INSERT INTO gt_frames (job, source, image_id, dataset, sequence, t, z, height, width, object_count, uri, page)
                VALUES ($job, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11)
                """;
            fc.Parameters.AddWithValue("$job", job);
            var f = new SqliteParameter[12];
            for (var i = 1; i <= 11; i++) f[i] = fc.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
            fc.Prepare();

            using var oc = _db.CreateCommand();
            oc.Transaction = tx;
            oc.CommandText = """
                INSERT INTO gt_objects (job, source, image_id, dataset, sequence, t, z, label, area, centroid_x, centroid_y,
                  bbox_x, bbox_y, bbox_width, bbox_height, rle)
                VALUES ($job, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15)
                """;
            oc.Parameters.AddWithValue("$job", job);
            var o = new SqliteParameter[16];
            for (var i = 1; i <= 15; i++) o[i] = oc.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
            oc.Prepare();

            int segFrames = 0, traFrames = 0;
            long segObjects = 0, traObjects = 0;
            foreach (var (fr, objects) in frames)
            {
                f[1].Value = fr.Source; f[2].Value = fr.ImageId; f[3].Value = fr.Dataset; f[4].Value = fr.Sequence; f[5].Value = fr.T;
                f[6].Value = fr.Z; f[7].Value = fr.Height; f[8].Value = fr.Width; f[9].Value = fr.ObjectCount; f[10].Value = fr.Uri; f[11].Value = fr.Page;
                try { fc.ExecuteNonQuery(); }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 19) { throw new ArgumentException($"ground truth {fr.Source} image {fr.ImageId} given twice ({fr.Uri})", nameof(frames), ex); }
                foreach (var ob in objects)
                {
                    o[1].Value = fr.Source; o[2].Value = fr.ImageId; o[3].Value = fr.Dataset; o[4].Value = fr.Sequence; o[5].Value = fr.T; o[6].Value = fr.Z;
                    o[7].Value = ob.Label; o[8].Value = ob.Area; o[9].Value = ob.CentroidX; o[10].Value = ob.CentroidY; o[11].Value = ob.BboxX;
                    o[12].Value = ob.BboxY; o[13].Value = ob.BboxWidth; o[14].Value = ob.BboxHeight; o[15].Value = ob.Rle;
                    try { oc.ExecuteNonQuery(); }
                    catch (SqliteException ex) when (ex.SqliteErrorCode == 19) { throw new ArgumentException($"ground truth {fr.Source} image {fr.ImageId}: label {ob.Label} given twice ({fr.Uri})", nameof(frames), ex); }
                }
                if (fr.Source == "SEG") { segFrames++; segObjects += objects.Count; }
                else { traFrames++; traObjects += objects.Count; }
            }

            using (var tc = _db.CreateCommand())
            {
                tc.Transaction = tx;
                tc.CommandText = "INSERT INTO gt_tracks (job, dataset, sequence, label, t_start, t_end, parent_label) VALUES ($job, $ds, $seq, $l, $b, $e, $p)";
                tc.Parameters.AddWithValue("$job", job);
                tc.Parameters.AddWithValue("$ds", dataset);
                tc.Parameters.AddWithValue("$seq", sequence);
                var pl = tc.Parameters.Add("$l", SqliteType.Integer);
                var pb = tc.Parameters.Add("$b", SqliteType.Integer);
                var pe = tc.Parameters.Add("$e", SqliteType.Integer);
                var pp = tc.Parameters.Add("$p", SqliteType.Integer);
                tc.Prepare();
                foreach (var t in tracks)
                {
                    pl.Value = t.Label; pb.Value = t.TStart; pe.Value = t.TEnd; pp.Value = (object?)t.ParentLabel ?? DBNull.Value;
                    tc.ExecuteNonQuery();
                }
            }

            var record = new GtImportRecord(job, source, dataset, sequence, segFrames, traFrames, segObjects, traObjects, tracks.Count);
            using (var ic = _db.CreateCommand())
            {
                ic.Transaction = tx;
                ic.CommandText = """
                    INSERT INTO gt_imports (job, source, dataset, sequence, seg_frames, tra_frames, seg_objects, tra_objects, tracks, imported_at)
                    VALUES ($job, $src, $ds, $seq, $sf, $tf, $so, $to, $n, $at)
                    """;
                ic.Parameters.AddWithValue("$job", job);
                ic.Parameters.AddWithValue("$src", source);
                ic.Parameters.AddWithValue("$ds", dataset);
                ic.Parameters.AddWithValue("$seq", sequence);
                ic.Parameters.AddWithValue("$sf", segFrames);
                ic.Parameters.AddWithValue("$tf", traFrames);
                ic.Parameters.AddWithValue("$so", segObjects);
                ic.Parameters.AddWithValue("$to", traObjects);
                ic.Parameters.AddWithValue("$n", tracks.Count);
                ic.Parameters.AddWithValue("$at", Now());
                ic.ExecuteNonQuery();
            }
            tx.Commit();
            return record;
        }
    }

    /// <summary>Which of <paramref name="batchIds"/> have their rows committed (the truth used when recovering leases).</summary>
    public IReadOnlySet<long> CommittedBatches(string job, IEnumerable<long> batchIds)
    {
        var wanted = batchIds.ToHashSet();
        var found = new HashSet<long>();
        if (wanted.Count == 0) return found;
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT batch_id FROM batches WHERE job = $job";
            cmd.Parameters.AddWithValue("$job", job);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetInt64(0);
                if (wanted.Contains(id)) found.Add(id);
            }
        }
        return found;
    }

    /// <summary>Starts a run (one process's work on a job) and returns its id; records the frames committed so far.</summary>
    public int StartRun(string job)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, $at) WHERE job = $job AND status = 'running';
                INSERT INTO runs (job, run_id, started_at, committed_at_start, frames_processed, status)
                VALUES ($job, (SELECT COALESCE(MAX(run_id), 0) + 1 FROM runs WHERE job = $job), $at,
                        (SELECT COALESCE(SUM(frames + errors), 0) FROM batches WHERE job = $job), 0, 'running');
                SELECT MAX(run_id) FROM runs WHERE job = $job;
                """;
            cmd.Parameters.AddWithValue("$job", job);
            cmd.Parameters.AddWithValue("$at", Now());
            var id = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            tx.Commit();
            return id;
        }
    }

    /// <summary>Ends a run with a status (completed, failed, interrupted).</summary>
    public void EndRun(string job, int runId, string status)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "UPDATE runs SET status = $s, ended_at = $at WHERE job = $job AND run_id = $run";
            cmd.Parameters.AddWithValue("$job", job);
            cmd.Parameters.AddWithValue("$run", runId);
            cmd.Parameters.AddWithValue("$s", status);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Marks the job completed.</summary>
    public void CompleteJob(string job)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "UPDATE jobs SET status = 'completed', completed_at = COALESCE(completed_at, $at) WHERE job = $job";
            cmd.Parameters.AddWithValue("$job", job);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The job's runs, oldest first.</summary>
    public IReadOnlyList<RunRecord> Runs(string job)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT run_id, started_at, ended_at, committed_at_start, frames_processed, status FROM runs WHERE job = $job ORDER BY run_id";
            cmd.Parameters.AddWithValue("$job", job);
            using var r = cmd.ExecuteReader();
            var list = new List<RunRecord>();
            while (r.Read())
                list.Add(new RunRecord(r.GetInt32(0), ParseTime(r.GetString(1)), r.IsDBNull(2) ? null : ParseTime(r.GetString(2)), r.GetInt64(3), r.GetInt64(4), r.GetString(5)));
            return list;
        }
    }

    /// <summary>Number of <c>frames</c> rows of a job (frames segmented, with or without cells).</summary>
    public long CountFrames(string job)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM frames WHERE job = $job";
            cmd.Parameters.AddWithValue("$job", job);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Progress, counts and throughput of a job, read from the committed rows.</summary>
    public JobStatusReport? GetStatus(string job)
    {
        var rec = GetJob(job);
        if (rec is null) return null;
        lock (_gate)
        {
            long Scalar(string sql)
            {
                using var cmd = _db.CreateCommand();
                cmd.CommandText = sql;
                cmd.Parameters.AddWithValue("$job", job);
                return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
            }

            var done = Scalar("SELECT COALESCE(SUM(frames + errors), 0) FROM batches WHERE job = $job");
            var withCells = Scalar("SELECT COUNT(*) FROM frames WHERE job = $job AND cell_count > 0");
            var objects = Scalar("SELECT COALESCE(SUM(objects), 0) FROM batches WHERE job = $job");
            var errors = Scalar("SELECT COUNT(*) FROM errors WHERE job = $job");
            var runs = Runs(job);
            var last = runs.Count > 0 ? runs[^1] : null;
            double fps = 0;
            if (last is not null)
            {
                var end = last.EndedAt ?? DateTimeOffset.UtcNow;
                var secs = (end - last.StartedAt).TotalSeconds;
                if (secs > 0) fps = last.FramesProcessed / secs;
            }
            TimeSpan? left = rec.Status == "completed" ? TimeSpan.Zero
                : fps > 0 ? TimeSpan.FromSeconds((rec.FrameCount - done) / fps) : null;
            return new JobStatusReport(job, rec.Source, rec.Status, rec.FrameCount, done, withCells, objects, errors, fps, left, runs.Count, rec.CreatedAt, rec.CompletedAt);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }
}
