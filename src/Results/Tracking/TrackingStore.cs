using System.Data.Common;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results.Sql;
using Microsoft.Data.Sqlite;

namespace CellActors.Results.Tracking;

/// <summary>
/// Tracking's access to the results database (SQLite, or the cluster's MariaDB/MySQL results): reads a sequence's stored objects a chunk of frames at a time,
/// rebuilds a <see cref="SequenceTracker"/> from what was committed, and commits a chunk — the objects' track ids,
/// the changed <c>tracks</c> rows and the <c>tracking</c> progress row — in one transaction, so an interrupted
/// tracking run resumes where its last commit left it and ends with the same tables. Not thread-safe: one per actor.
/// </summary>
public sealed class TrackingStore : IDisposable
{
    private readonly DbConnection _db;
    private readonly SqlDialect _dialect;

    /// <summary>Size of each sequence's range of track ids (sequence k of the job, in dataset/sequence order, starts at k × this + 1).</summary>
    public const int IdsPerSequence = 1_000_000;

    private TrackingStore(DbConnection db, SqlDialect dialect)
    {
        _db = db;
        _dialect = dialect;
    }

    /// <summary>Opens the results database of a folder (<c>DIR/cellactors.db</c>), a database file, or a MariaDB/MySQL results database (<c>mysql://user:pw@host:port/db</c>).</summary>
    /// <exception cref="FileNotFoundException">no database there.</exception>
    public static TrackingStore Open(string folderOrFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderOrFile);
        if (Formats.ResultsDatabase.IsServerUrl(folderOrFile))
        {
            var target = DatabaseTarget.Parse(folderOrFile);
            ResultStore.OpenServer(target).Dispose(); // creates the tables a database made by an older version lacks
            return new TrackingStore(ServerConnection.Open(target.ConnectionString), SqlDialect.For(target.Kind));
        }
        var path = Formats.ResultsDatabase.DatabasePath(folderOrFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"no results database at {path}", path);
        ResultStore.OpenSqlite(path).Dispose(); // creates or upgrades the schema
        var csb = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60 };
        var db = new SqliteConnection(csb.ToString());
        db.Open();
        SqlCommands.Execute(db, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000;");
        return new TrackingStore(db, SqlDialect.Sqlite);
    }

    private DbCommand Command(string sql, DbTransaction? tx = null, params (string Name, object? Value)[] args) => SqlCommands.Create(_db, tx, sql, args);

    private static int Int(DbDataReader r, int i) => r.Int(i);

    private static long Long(DbDataReader r, int i) => r.Long(i);

    private static string Now() => SqlCommands.Now();

    /// <summary>The job's status and frame counts, or null when there is no such job.</summary>
    public (JobPhase Status, long FrameCount, long FramesDone)? ReadJobStatus(string job)
    {
        using var cmd = Command("SELECT status, frame_count, (SELECT COUNT(*) FROM frames f WHERE f.job = j.job) + (SELECT COUNT(*) FROM errors e WHERE e.job = j.job) FROM jobs j WHERE job = @job", null, ("@job", job));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return (StoredNames.Parse<JobPhase>(r.GetString(0)), Long(r, 1), Long(r, 2));
    }

    /// <summary>The job's sequences, by dataset and name.</summary>
    public IReadOnlyList<SequenceKey> Sequences(string job)
    {
        using var cmd = Command("""
            SELECT dataset, sequence, COUNT(DISTINCT t), CASE WHEN MAX(z) > 0 THEN 1 ELSE 0 END FROM frames WHERE job = @job
            GROUP BY dataset, sequence ORDER BY dataset, sequence
            """, null, ("@job", job));
        using var r = cmd.ExecuteReader();
        var list = new List<SequenceKey>();
        while (r.Read()) list.Add(new SequenceKey(r.GetString(0), r.GetString(1), Int(r, 2), Int(r, 3) != 0, checked(list.Count * IdsPerSequence)));
        return list;
    }

    /// <summary>The tracking row of a sequence, or null when it was never tracked.</summary>
    public TrackingProgressRow? Progress(string job, string dataset, string sequence)
    {
        using var cmd = Command("""
            SELECT dataset, sequence, id_offset, settings, max_distance, last_t, next_track_id, frames_tracked, frames_total, tracks, divisions, status, message
            FROM tracking WHERE job = @job AND dataset = @ds AND sequence = @seq
            """, null, ("@job", job), ("@ds", dataset), ("@seq", sequence));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new TrackingProgressRow(r.GetString(0), r.GetString(1), Int(r, 2), r.GetString(3), r.GetDouble(4), r.IsDBNull(5) ? null : Int(r, 5),
            Int(r, 6), Int(r, 7), Int(r, 8), Int(r, 9), Int(r, 10), StoredNames.Parse<TrackingStatus>(r.GetString(11)), r.IsDBNull(12) ? null : r.GetString(12));
    }

    /// <summary>Deletes the job's tracks, tracking rows and objects' track ids (tracking starts over).</summary>
    public void Reset(string job)
    {
        using var tx = _db.BeginTransaction();
        foreach (var sql in new[] { "DELETE FROM tracks WHERE job = @job", "DELETE FROM tracking WHERE job = @job", "UPDATE objects SET track_id = NULL WHERE job = @job AND track_id IS NOT NULL" })
        {
            using var cmd = Command(sql, tx, ("@job", job));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>
    /// Creates the tracking row of a sequence (status running, or <paramref name="skipReason"/> given: skipped), or
    /// checks that an existing one was started with the same settings.
    /// </summary>
    /// <exception cref="InvalidOperationException">the sequence was tracked with other settings (the message names both).</exception>
    public TrackingProgressRow Begin(string job, SequenceKey key, TrackingOptions options, string? skipReason = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Describe();
        if (Progress(job, key.Dataset, key.Sequence) is { } existing)
        {
            if (existing.Settings != settings)
                throw new InvalidOperationException(
                    $"{key.Dataset}/{key.Sequence} was tracked with other settings ({existing.Settings}; now {settings}): use --force to track the job again");
            return existing;
        }
        using (var cmd = Command("""
            INSERT INTO tracking (job, dataset, sequence, id_offset, settings, max_distance, last_t, next_track_id, frames_tracked, frames_total, tracks, divisions, status, message, updated_at)
            VALUES (@job, @ds, @seq, @offset, @settings, @md, NULL, @offset + 1, 0, @total, 0, 0, @status, @msg, @at)
            """, null, ("@job", job), ("@ds", key.Dataset), ("@seq", key.Sequence), ("@offset", key.IdOffset), ("@settings", settings), ("@md", options.MaxDistance),
            ("@total", key.Frames), ("@status", (skipReason is null ? TrackingStatus.Running : TrackingStatus.Skipped).StoredName()), ("@msg", skipReason), ("@at", Now())))
            cmd.ExecuteNonQuery();
        return Progress(job, key.Dataset, key.Sequence)!;
    }

    /// <summary>Marks a sequence's tracking failed with a message (its committed chunks stay).</summary>
    public void Fail(string job, string dataset, string sequence, string message)
    {
        using var cmd = Command("UPDATE tracking SET status = @failed, message = @msg, updated_at = @at WHERE job = @job AND dataset = @ds AND sequence = @seq",
            null, ("@job", job), ("@ds", dataset), ("@seq", sequence), ("@msg", message), ("@at", Now()), ("@failed", TrackingStatus.Failed.StoredName()));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Rebuilds the tracker of a sequence from its committed state (a fresh one when nothing was committed).</summary>
    public SequenceTracker Resume(string job, TrackingProgressRow progress, TrackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.LastT is not { } lastT)
            return new SequenceTracker(options, options.MaxDistance, progress.NextTrackId, null, Array.Empty<Track>(), Array.Empty<(TrackedObject, int)>());
        var open = new List<Track>();
        using (var cmd = Command("""
            SELECT track_id, parent_track_id, t_start, t_end, cycle_start, observations, children, start_x, start_y, end_x, end_y, path_length
            FROM tracks WHERE job = @job AND dataset = @ds AND sequence = @seq AND children = 0 AND t_end >= @from ORDER BY track_id
            """, null, ("@job", job), ("@ds", progress.Dataset), ("@seq", progress.Sequence), ("@from", lastT - options.MaxGap)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                open.Add(new Track
                {
                    Id = Int(r, 0), Parent = r.IsDBNull(1) ? null : Int(r, 1), TStart = Int(r, 2), TEnd = Int(r, 3),
                    CycleStart = Int(r, 4), Observations = Int(r, 5), Children = Int(r, 6),
                    StartX = r.GetDouble(7), StartY = r.GetDouble(8), EndX = r.GetDouble(9), EndY = r.GetDouble(10), PathLength = r.GetDouble(11),
                });
        var previous = new List<(TrackedObject, int)>();
        foreach (var (_, objects) in ReadFrames(job, progress.Dataset, progress.Sequence, lastT - 1, lastT, withTrackIds: true))
            foreach (var o in objects)
                previous.Add((o.Object, o.TrackId ?? throw new InvalidDataException($"{o.ImageId} label {o.Object.Label}: tracked frame {lastT} has an object without track id")));
        return new SequenceTracker(options, progress.MaxDistance, progress.NextTrackId, lastT, open, previous);
    }

    /// <summary>The next time points of a sequence after <paramref name="afterT"/> (2D frames: z = 0), at most <paramref name="count"/>.</summary>
    public IReadOnlyList<int> NextTimes(string job, string dataset, string sequence, int afterT, int count)
    {
        using var cmd = Command("SELECT t FROM frames WHERE job = @job AND dataset = @ds AND sequence = @seq AND z = 0 AND t > @after ORDER BY t LIMIT @n",
            null, ("@job", job), ("@ds", dataset), ("@seq", sequence), ("@after", afterT), ("@n", count));
        using var r = cmd.ExecuteReader();
        var list = new List<int>();
        while (r.Read()) list.Add(Int(r, 0));
        return list;
    }

    /// <summary>A stored object with where it came from.</summary>
    public readonly record struct StoredObject(string ImageId, TrackedObject Object, int? TrackId);

    /// <summary>The objects of frames <paramref name="afterT"/> &lt; t ≤ <paramref name="uptoT"/> (z = 0), frame by frame in t order, objects by label; frames without objects come as empty lists.</summary>
    public IEnumerable<(int T, List<StoredObject> Objects)> ReadFrames(string job, string dataset, string sequence, int afterT, int uptoT, bool withTrackIds = false)
    {
        using var cmd = Command("""
            SELECT f.t, f.image_id, o.label, o.area, o.centroid_x, o.centroid_y, o.bbox_x, o.bbox_y, o.bbox_width, o.bbox_height, o.rle, o.track_id
            FROM frames f LEFT JOIN objects o ON o.job = f.job AND o.image_id = f.image_id
            WHERE f.job = @job AND f.dataset = @ds AND f.sequence = @seq AND f.z = 0 AND f.t > @after AND f.t <= @upto
            ORDER BY f.t, o.label
            """, null, ("@job", job), ("@ds", dataset), ("@seq", sequence), ("@after", afterT), ("@upto", uptoT));
        using var r = cmd.ExecuteReader();
        int? currentT = null;
        var objects = new List<StoredObject>();
        while (r.Read())
        {
            int t = Int(r, 0);
            if (currentT is { } ct && ct != t)
            {
                yield return (ct, objects);
                objects = new List<StoredObject>();
            }
            currentT = t;
            if (r.IsDBNull(2)) continue;
            string imageId = r.GetString(1);
            int label = Int(r, 2);
            var obj = TrackedObject.FromRle(label, Long(r, 3), r.GetDouble(4), r.GetDouble(5), Int(r, 6), Int(r, 7), Int(r, 8), Int(r, 9),
                r.GetString(10), $"{imageId} label {label}");
            objects.Add(new StoredObject(imageId, obj, withTrackIds && !r.IsDBNull(11) ? Int(r, 11) : null));
        }
        if (currentT is { } last) yield return (last, objects);
    }

    /// <summary>
    /// Commits a chunk in one transaction: the objects' track ids, the changed tracks (inserted or updated) and the
    /// progress row (where to resume, counts, status done when <paramref name="finished"/>).
    /// </summary>
    public void Commit(string job, string dataset, string sequence, IReadOnlyList<(string ImageId, int Label, int TrackId)> assignments,
        IEnumerable<Track> changed, SequenceTracker tracker, int framesTracked, int divisions, bool finished)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(tracker);
        var progress = Progress(job, dataset, sequence) ?? throw new InvalidOperationException($"{dataset}/{sequence}: no tracking row (call Begin first)");
        if (tracker.NextTrackId - 1 - progress.IdOffset > IdsPerSequence)
            throw new InvalidDataException($"{dataset}/{sequence}: more than {IdsPerSequence} tracks, the size of a sequence's id range");
        using var tx = _db.BeginTransaction();
        using (var upd = Command("UPDATE objects SET track_id = @tid WHERE job = @job AND image_id = @img AND label = @label", tx, ("@job", job),
                   ("@tid", 0L), ("@img", ""), ("@label", 0L)))
        {
            var (pTid, pImg, pLabel) = (upd.Parameters["@tid"], upd.Parameters["@img"], upd.Parameters["@label"]);
            if (_dialect.PreparesStatements) upd.Prepare();
            foreach (var (img, label, tid) in assignments)
            {
                pTid.Value = tid;
                pImg.Value = img;
                pLabel.Value = label;
                if (upd.ExecuteNonQuery() != 1) throw new InvalidDataException($"{img} label {label}: no such object to tag with track {tid}");
            }
        }
        using (var ins = Command("""
            INSERT INTO tracks (job, dataset, sequence, track_id, t_start, t_end, parent_track_id, cycle_start, observations, children,
                                start_x, start_y, end_x, end_y, duration, path_length, displacement, mean_speed, division_t, mean_speed_um_s)
            VALUES (@job, @ds, @seq, @id, @b, @e, @p, @cycle, @obs, @children, @sx, @sy, @ex, @ey, @dur, @path, @disp, @speed, @div, @speedum)
            """ + " " + _dialect.OnDuplicateKeyUpdate(["job", "dataset", "sequence", "track_id"],
            ["t_end", "children", "observations", "end_x", "end_y", "duration", "path_length", "displacement", "mean_speed", "division_t", "mean_speed_um_s"]), tx))
        {
            string[] names = ["@job", "@ds", "@seq", "@id", "@b", "@e", "@p", "@cycle", "@obs", "@children", "@sx", "@sy", "@ex", "@ey", "@dur", "@path", "@disp", "@speed", "@div", "@speedum"];
            var umPerSecond = SpeedFactor(job, dataset, sequence, tx);
            foreach (var t in changed)
            {
                // Fresh parameters per row: each value's type (integer, real, null) is inferred from the value on both engines.
                object?[] values = [job, dataset, sequence, t.Id, t.TStart, t.TEnd, t.Parent, t.CycleStart, t.Observations, t.Children, t.StartX, t.StartY, t.EndX, t.EndY,
                    t.Duration, t.PathLength, t.Displacement, t.MeanSpeed, t.DivisionT, t.MeanSpeed * umPerSecond];
                ins.Parameters.Clear();
                for (int i = 0; i < names.Length; i++) SqlCommands.AddParameter(ins, names[i], values[i]);
                ins.ExecuteNonQuery();
            }
        }
        using (var prog = Command("""
            UPDATE tracking SET last_t = @last, next_track_id = @next, max_distance = @md, frames_tracked = frames_tracked + @frames,
                   tracks = @next - 1 - id_offset, divisions = divisions + @div, status = @status, updated_at = @at
            WHERE job = @job AND dataset = @ds AND sequence = @seq
            """, tx, ("@job", job), ("@ds", dataset), ("@seq", sequence), ("@last", tracker.LastT), ("@next", tracker.NextTrackId),
            ("@md", tracker.MaxDistance), ("@frames", framesTracked), ("@div", divisions), ("@status", (finished ? TrackingStatus.Done : TrackingStatus.Running).StoredName()), ("@at", Now())))
        {
            if (prog.ExecuteNonQuery() != 1) throw new InvalidOperationException($"{dataset}/{sequence}: no tracking row (call Begin first)");
        }
        tx.Commit();
    }

    /// <summary>
    /// Micrometres per second of one pixel per frame in a sequence: its pixel size over its time increment when every
    /// frame has the same square pixel size and the same time increment; null otherwise (unknown, or not one number).
    /// </summary>
    private double? SpeedFactor(string job, string dataset, string sequence, DbTransaction tx)
    {
        using var cmd = Command("""
            SELECT MIN(physical_size_x), MAX(physical_size_x), MIN(physical_size_y), MAX(physical_size_y), MIN(time_increment), MAX(time_increment),
                   COUNT(*) - COUNT(physical_size_x), COUNT(*) - COUNT(physical_size_y), COUNT(*) - COUNT(time_increment)
            FROM frames WHERE job = @job AND dataset = @ds AND sequence = @seq
            """, tx, ("@job", job), ("@ds", dataset), ("@seq", sequence));
        using var r = cmd.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0) || r.IsDBNull(2) || r.IsDBNull(4) || Long(r, 6) + Long(r, 7) + Long(r, 8) > 0) return null;
        double x = r.GetDouble(0), y = r.GetDouble(2), dt = r.GetDouble(4);
        bool one = x == r.GetDouble(1) && y == r.GetDouble(3) && dt == r.GetDouble(5) && x == y;
        return one && dt > 0 ? x / dt : null;
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
