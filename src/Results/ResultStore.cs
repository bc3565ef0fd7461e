using System.Data.Common;
using System.Globalization;
using System.Text;
using CellActors.Messages;
using CellActors.Results.Sql;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace CellActors.Results;

/// <summary>
/// The results database: job manifest, frames, objects, errors, committed batches and runs, in embedded SQLite
/// (the one-process default) or on a MariaDB/MySQL server (the cluster). Both have the same tables, keys and view
/// (<see cref="Schema"/>). Writes are idempotent by key and a batch's rows, its <c>batches</c> row and the run
/// counter commit in one transaction, so "a batch is committed" is a fact the database itself records; the
/// <c>batches</c> row is inserted first, so two processes committing the same batch at once write it once.
/// Thread-safe: SQLite writes are serialized on one connection; on a server each call takes a pooled connection.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private readonly SqliteConnection? _sqlite;
    private readonly string? _serverConnectionString;
    private readonly Lock _gate = new();

    private ResultStore(SqliteConnection? sqlite, string? serverConnectionString, DatabaseKind kind)
    {
        _sqlite = sqlite;
        _serverConnectionString = serverConnectionString;
        Kind = kind;
    }

    /// <summary>Path of the SQLite file, or the server URL without its password.</summary>
    public required string Path { get; init; }

    /// <summary>The SQL engine.</summary>
    public DatabaseKind Kind { get; }

    /// <summary>The SQL dialect of <see cref="Kind"/>.</summary>
    public SqlDialect Dialect => SqlDialect.For(Kind);

    /// <summary>Opens (creating the file or the database and the tables if needed) the results database of a <c>--db</c> value.</summary>
    public static ResultStore Open(string db, bool readOnly = false) => Open(DatabaseTarget.Parse(db), readOnly);

    /// <summary>Opens (creating if needed) the results database <paramref name="target"/>.</summary>
    public static ResultStore Open(DatabaseTarget target, bool readOnly = false) =>
        target.IsServer ? OpenServer(target, readOnly) : OpenSqlite(target.SqlitePath!, readOnly);

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
            try
            {
                SchemaMigrations.Apply(db, SqlDialect.Sqlite, path);
            }
            catch
            {
                db.Dispose();
                throw;
            }
        }
        else
        {
            Exec(db, "PRAGMA query_only=1;");
        }
        return new ResultStore(db, null, DatabaseKind.Sqlite) { Path = path };
    }

    /// <summary>
    /// Opens a results database on a MariaDB/MySQL server: creates the database (utf8mb4, binary collation) when the
    /// user may and it is missing, then the tables and the view. Every connection runs in strict SQL mode.
    /// </summary>
    public static ResultStore OpenServer(DatabaseTarget target, bool readOnly = false)
    {
        if (!target.IsServer) throw new ArgumentException($"{target} is not a database server", nameof(target));
        if (!readOnly && target.Database is { } name)
        {
            var admin = new MySqlConnectionStringBuilder(target.ConnectionString) { Database = "", Pooling = false };
            using var c = new MySqlConnection(admin.ConnectionString);
            c.Open();
            Exec(c, $"CREATE DATABASE IF NOT EXISTS `{name.Replace("`", "``", StringComparison.Ordinal)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        var store = new ResultStore(null, target.ConnectionString, target.Kind) { Path = target.Display };
        if (!readOnly)
        {
            using var c = store.OpenServerConnection();
            SchemaMigrations.Apply(c, SqlDialect.MySql, target.Display);
        }
        return store;
    }

    private MySqlConnection OpenServerConnection() => ServerConnection.Open(_serverConnectionString!);

    /// <summary>Runs <paramref name="work"/> on a connection: the shared SQLite one under the lock, or a pooled server connection.</summary>
    private T Use<T>(Func<DbConnection, T> work)
    {
        if (_sqlite is not null)
        {
            lock (_gate) return work(_sqlite);
        }
        using var c = OpenServerConnection();
        return work(c);
    }

    private static void Exec(DbConnection db, string sql, DbTransaction? tx = null) => SqlCommands.Execute(db, sql, tx);

    private static DbCommand Cmd(DbConnection db, DbTransaction? tx, string sql, params (string Name, object? Value)[] args) => SqlCommands.Create(db, tx, sql, args);

    private static long Long(object? v) => SqlCommands.ToLong(v);

    private static string Now() => SqlCommands.Now();

    private static DateTimeOffset ParseTime(string s) => SqlCommands.ParseTime(s);

    /// <summary>Refuses (never truncates) a key value longer than its server column.</summary>
    private void CheckLength(string column, string? value, int max)
    {
        if (!Dialect.BoundsKeyColumns || value is null || value.Length <= max) return;
        throw new ValueTooLongException(
            $"{column} is {value.Length} characters long, more than the {max} the {Kind} results schema allows for this key column; " +
            $"it is refused rather than truncated: '{(value.Length > 120 ? value[..120] + "..." : value)}'");
    }

    private void CheckFrameKeys(string job, string imageId, string dataset, string sequence)
    {
        CheckLength("job", job, Schema.Limits.Job);
        CheckLength("image_id", imageId, Schema.Limits.ImageId);
        CheckLength("dataset", dataset, Schema.Limits.Dataset);
        CheckLength("sequence", sequence, Schema.Limits.Sequence);
    }

    private void CheckError(ErrorRow e)
    {
        CheckLength("errors.uri", e.Uri, Schema.Limits.ErrorUri);
        CheckLength("image_id", e.ImageId, Schema.Limits.ImageId);
        CheckLength("stage", e.Stage, Schema.Limits.Code);
        CheckLength("error_type", e.ErrorType, Schema.Limits.Code);
    }

    /// <summary>Reads a job's record, or null when the job does not exist.</summary>
    public JobRecord? GetJob(string job) => Use(db =>
    {
        using var cmd = Cmd(db, null, "SELECT job, source, fingerprint, frame_count, batch_size, status, created_at, completed_at FROM jobs WHERE job = @job", ("@job", job));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new JobRecord(r.GetString(0), r.GetString(1), r.GetString(2), Long(r.GetValue(3)), (int)Long(r.GetValue(4)), StoredNames.Parse<JobPhase>(r.GetString(5)),
            ParseTime(r.GetString(6)), r.IsDBNull(7) ? null : ParseTime(r.GetString(7)));
    });

    /// <summary>Lists the jobs in this database.</summary>
    public IReadOnlyList<string> ListJobs() => Use<IReadOnlyList<string>>(db =>
    {
        using var cmd = Cmd(db, null, "SELECT job FROM jobs ORDER BY created_at");
        using var r = cmd.ExecuteReader();
        var jobs = new List<string>();
        while (r.Read()) jobs.Add(r.GetString(0));
        return jobs;
    });

    /// <summary>
    /// Writes a job's manifest (streamed, in order, indices 0..n-1) and the inputs discovery could not use, in one
    /// transaction, replacing anything an interrupted earlier attempt left. Returns the number of frames.
    /// </summary>
    public long CreateJob(string job, string source, string fingerprint, int batchSize, IEnumerable<FrameRef> manifest, IEnumerable<ErrorRow> discoveryErrors)
    {
        CheckLength("job", job, Schema.Limits.Job);
        return Use(db =>
        {
            using var tx = db.BeginTransaction();
            foreach (var table in new[] { "jobs", "inputs", "frames", "objects", "object_intensities", "frame_intensities", "tracks", "errors", "batches", "runs" })
            {
                using var del = Cmd(db, tx, $"DELETE FROM {table} WHERE job = @job", ("@job", job));
                del.ExecuteNonQuery();
            }

            long n = 0;
            var chunk = new List<FrameRef>(InsertChunk);
            foreach (var f in manifest)
            {
                if (f.Index != n) throw new ArgumentException($"manifest index {f.Index} out of order (expected {n})", nameof(manifest));
                CheckFrameKeys(job, f.ImageId, f.Dataset, f.Sequence);
                chunk.Add(f);
                n++;
                if (chunk.Count == InsertChunk) { InsertInputs(db, tx, job, chunk); chunk.Clear(); }
            }
            if (chunk.Count > 0) InsertInputs(db, tx, job, chunk);

            foreach (var e in discoveryErrors) InsertError(db, tx, job, e);

            using var jobCmd = Cmd(db, tx, "INSERT INTO jobs (job, source, fingerprint, frame_count, batch_size, status, created_at) VALUES (@job, @src, @fp, @n, @bs, @status, @at)",
                ("@job", job), ("@src", source), ("@fp", fingerprint), ("@n", n), ("@bs", batchSize), ("@status", JobPhase.Running.StoredName()), ("@at", Now()));
            jobCmd.ExecuteNonQuery();
            tx.Commit();
            return n;
        });
    }

    /// <summary>Rows per multi-row INSERT statement on a server (one round trip per chunk); SQLite inserts row by row (<see cref="InsertRows{T}"/>).</summary>
    private const int InsertChunk = 64;

    private static readonly string[] InputColumns =
        ["job", "frame_index", "image_id", "dataset", "sequence", "t", "z", "uri", "page", "channels", "physical_size_x", "physical_size_y", "physical_size_z", "time_increment"];

    private static readonly string[] FrameColumns =
    [
        "job", "image_id", "dataset", "sequence", "t", "z", "height", "width", "cell_count", "cell_area", "total_area", "cell_ratio",
        "intensity_mean", "intensity_min", "intensity_max", "intensity_std", "uri", "page",
        "physical_size_x", "physical_size_y", "physical_size_z", "time_increment",
    ];

    private static readonly string[] ObjectColumns =
    [
        "job", "image_id", "label", "area", "centroid_x", "centroid_y", "bbox_x", "bbox_y", "bbox_width", "bbox_height",
        "intensity_mean", "intensity_min", "intensity_max", "intensity_sum", "perimeter", "eccentricity", "solidity", "equivalent_diameter",
        "class_id", "score", "rle", "area_um2", "equivalent_diameter_um",
        "major_axis_length", "minor_axis_length", "orientation", "extent", "feret_diameter_max", "feret_diameter_min",
        "form_factor", "compactness", "euler_number", "neighbours", "nearest_neighbour_distance",
    ];

    private static readonly string[] SegmentationColumns =
    [
        "job", "image_id", "dataset", "sequence", "segmenter", "scale", "inverted", "modality",
        "background_position", "noise", "colour", "typical_diameter", "augmentation",
    ];

    /// <summary>NULL for NaN (unknown measurements), else the value.</summary>
    private static object? OrNull(double v) => double.IsNaN(v) ? null : v;

    /// <summary>NULL for null, NaN or an infinity (no measurement), else the value.</summary>
    private static object? Real(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static readonly string[] ObjectIntensityColumns = ["job", "image_id", "label", "channel", "channel_name", "mean", "min", "max", "sum", "std"];

    private static readonly string[] FrameIntensityColumns = ["job", "image_id", "channel", "channel_name", "mean", "min", "max", "std"];

    /// <summary>
    /// Inserts <paramref name="rows"/> into <paramref name="table"/> (<c>verb table (columns) VALUES ...</c>), the way the
    /// engine takes them fastest: on SQLite one single-row statement, prepared once and run per row (SQLite has no round
    /// trips to save; a multi-row statement would be parsed afresh each time and bind its thousands of named parameters
    /// by a linear search each, quadratic in the rows per statement: it doubled the CPU of a run); on a server,
    /// multi-row statements of <see cref="InsertChunk"/> rows (one round trip per chunk).
    /// </summary>
    private static void InsertRows<T>(DbConnection db, DbTransaction tx, string verb, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        if (db is SqliteConnection)
            InsertRowsPrepared(db, tx, verb, table, columns, rows, values);
        else
            InsertRowsChunked(db, tx, verb, table, columns, rows, values);
    }

    /// <summary>One prepared single-row statement, run once per row with the row's values.</summary>
    private static void InsertRowsPrepared<T>(DbConnection db, DbTransaction tx, string verb, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        if (rows.Count == 0) return;
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        var sql = new StringBuilder(64 + columns.Length * 24);
        sql.Append(verb).Append(' ').Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES (");
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@p{c}");
            if (c > 0) sql.Append(", ");
            sql.Append(name);
            parameters[c] = SqlCommands.AddParameter(cmd, name, null);
        }
        sql.Append(')');
        cmd.CommandText = sql.ToString();
        cmd.Prepare();
        foreach (var row in rows)
        {
            var v = values(row);
            for (var c = 0; c < parameters.Length; c++) parameters[c].Value = v[c] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Multi-row statements of at most <see cref="InsertChunk"/> rows: <c>verb table (columns) VALUES (...), (...)</c>.</summary>
    private static void InsertRowsChunked<T>(DbConnection db, DbTransaction tx, string verb, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        for (var start = 0; start < rows.Count; start += InsertChunk)
        {
            var count = Math.Min(InsertChunk, rows.Count - start);
            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            var sql = new StringBuilder(64 + count * columns.Length * 8);
            sql.Append(verb).Append(' ').Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
            for (var i = 0; i < count; i++)
            {
                var v = values(rows[start + i]);
                sql.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    if (c > 0) sql.Append(", ");
                    if (!AppendLiteral(sql, v[c]))
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"@p{i}_{c}");
                        sql.Append(name);
                        SqlCommands.AddParameter(cmd, name, v[c]);
                    }
                }
                sql.Append(')');
            }
            cmd.CommandText = sql.ToString();
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Writes a NULL, an integer or a finite double as an SQL literal and returns true; anything else (strings, NaN and
    /// infinities) stays a parameter. Doubles are written shortest-round-trip with an exponent (<c>1.25E0</c>), an
    /// approximate-value literal the server parses as the same DOUBLE. Numbers as literals cut a 64-row objects
    /// statement from 2,176 parameters to 192 (job, image id and RLE per row): the connector's per-parameter work was
    /// most of the client CPU of a batch commit (benchmarks/README.md, "MariaDB at scale").
    /// </summary>
    private static bool AppendLiteral(StringBuilder sql, object? value)
    {
        switch (value)
        {
            case null:
                sql.Append("NULL");
                return true;
            case int i:
                sql.Append(i.ToString(CultureInfo.InvariantCulture));
                return true;
            case long l:
                sql.Append(l.ToString(CultureInfo.InvariantCulture));
                return true;
            case double d when double.IsFinite(d):
                var start = sql.Length;
                sql.Append(d.ToString("R", CultureInfo.InvariantCulture));
                var hasExponent = false;
                for (var k = start; k < sql.Length; k++)
                    if (sql[k] is 'E' or 'e') hasExponent = true;
                if (!hasExponent) sql.Append("E0");
                return true;
            default:
                return false;
        }
    }

    private static void InsertInputs(DbConnection db, DbTransaction tx, string job, IReadOnlyList<FrameRef> frames) =>
        InsertRows(db, tx, "INSERT INTO", "inputs", InputColumns, frames, f =>
            [job, f.Index, f.ImageId, f.Dataset, f.Sequence, f.T, f.Z, f.Uri, f.Page, ManifestChannels.Write(f.Channels),
             f.Scale?.SizeX, f.Scale?.SizeY, f.Scale?.SizeZ, f.Scale?.TimeIncrement]);

    /// <summary>Reads <paramref name="count"/> manifest entries from <paramref name="fromIndex"/>.</summary>
    public IReadOnlyList<FrameRef> ReadManifest(string job, long fromIndex, int count) => Use<IReadOnlyList<FrameRef>>(db =>
    {
        using var cmd = Cmd(db, null, "SELECT frame_index, dataset, sequence, t, z, uri, page, image_id, channels, physical_size_x, physical_size_y, physical_size_z, time_increment FROM inputs WHERE job = @job AND frame_index >= @a AND frame_index < @b ORDER BY frame_index",
            ("@job", job), ("@a", fromIndex), ("@b", fromIndex + count));
        using var r = cmd.ExecuteReader();
        var list = new List<FrameRef>(count);
        double? Real(int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
        while (r.Read())
        {
            PhysicalScale? scale = r.IsDBNull(9) && r.IsDBNull(10) && r.IsDBNull(11) && r.IsDBNull(12) ? null : new PhysicalScale(Real(9), Real(10), Real(11), Real(12));
            list.Add(new FrameRef(Long(r.GetValue(0)), r.GetString(1), r.GetString(2), (int)Long(r.GetValue(3)), (int)Long(r.GetValue(4)), r.GetString(5), (int)Long(r.GetValue(6)), r.GetString(7),
                ManifestChannels.Read(r.IsDBNull(8) ? null : r.GetString(8)), scale));
        }
        return list;
    });

    /// <summary>
    /// Commits one batch: its frame, object, error and segmentation-choice rows, its <c>batches</c> row and the run's counter, in one
    /// transaction. Returns false (and writes nothing) when the batch was already committed: delivery is at least
    /// once, writes are exactly once. The <c>batches</c> row is inserted first (ignoring a duplicate key): a second
    /// writer of the same batch waits on that key and then finds it taken.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="runId">The run whose counter counts the batch's frames.</param>
    /// <param name="frames"><c>frames</c> rows.</param>
    /// <param name="objects"><c>objects</c> rows.</param>
    /// <param name="errors"><c>errors</c> rows.</param>
    /// <param name="frameIntensities"><c>frame_intensities</c> rows (per frame and channel); none when null.</param>
    /// <param name="objectIntensities"><c>object_intensities</c> rows (per object and channel); none when null.</param>
    /// <param name="segmentations"><c>frame_segmentation</c> rows (what the segmenter chose per frame); none when null.</param>
    public bool CommitBatch(string job, long batchId, int runId, IReadOnlyList<FrameRow> frames, IReadOnlyList<ObjectRow> objects, IReadOnlyList<ErrorRow> errors,
        IReadOnlyList<FrameIntensityRow>? frameIntensities = null, IReadOnlyList<ObjectIntensityRow>? objectIntensities = null,
        IReadOnlyList<SegmentationRow>? segmentations = null)
    {
        CheckLength("job", job, Schema.Limits.Job);
        foreach (var f in frames) CheckFrameKeys(job, f.ImageId, f.Dataset, f.Sequence);
        foreach (var o in objects) CheckLength("image_id", o.ImageId, Schema.Limits.ImageId);
        foreach (var e in errors) CheckError(e);
        return Use(db =>
        {
            using var tx = db.BeginTransaction();
            using (var b = Cmd(db, tx, $"{Dialect.InsertOrIgnore} batches (job, batch_id, frames, objects, errors, run_id, committed_at) VALUES (@job, @b, @f, @o, @e, @run, @at)",
                       ("@job", job), ("@b", batchId), ("@f", frames.Count), ("@o", objects.Count), ("@e", errors.Count), ("@run", runId), ("@at", Now())))
            {
                if (b.ExecuteNonQuery() == 0)
                {
                    tx.Rollback();
                    return false;
                }
            }

            if (frames.Count > 0)
                InsertRows(db, tx, "REPLACE INTO", "frames", FrameColumns, frames, f =>
                [
                    job, f.ImageId, f.Dataset, f.Sequence, f.T, f.Z, f.Height, f.Width, f.CellCount, f.CellArea, f.TotalArea, f.CellRatio,
                    f.IntensityMean, f.IntensityMin, f.IntensityMax, f.IntensityStd, f.Uri, f.Page,
                    f.PhysicalSizeX, f.PhysicalSizeY, f.PhysicalSizeZ, f.TimeIncrement,
                ]);
            if (objects.Count > 0)
                InsertRows(db, tx, "REPLACE INTO", "objects", ObjectColumns, objects, o =>
                [
                    job, o.ImageId, o.Label, o.Area, o.CentroidX, o.CentroidY, o.BboxX, o.BboxY, o.BboxWidth, o.BboxHeight,
                    o.IntensityMean, o.IntensityMin, o.IntensityMax, o.IntensitySum, o.Perimeter, o.Eccentricity, o.Solidity, o.EquivalentDiameter,
                    o.ClassId, o.Score, o.Rle, o.AreaUm2, o.EquivalentDiameterUm,
                    Real(o.Shape?.MajorAxisLength), Real(o.Shape?.MinorAxisLength), Real(o.Shape?.Orientation), Real(o.Shape?.Extent),
                    Real(o.Shape?.FeretDiameterMax), Real(o.Shape?.FeretDiameterMin), Real(o.Shape?.FormFactor), Real(o.Shape?.Compactness),
                    o.Shape?.EulerNumber, o.Shape?.Neighbours, Real(o.Shape?.NearestNeighbourDistance),
                ]);
            if (segmentations is { Count: > 0 })
                InsertRows(db, tx, "REPLACE INTO", "frame_segmentation", SegmentationColumns, segmentations, g =>
                [
                    job, g.ImageId, g.Dataset, g.Sequence, g.Segmenter, g.Scale, g.Inverted ? 1 : 0, g.Modality,
                    OrNull(g.BackgroundPosition), OrNull(g.Noise), g.Colour ? 1 : 0, OrNull(g.TypicalDiameter), g.Augmentation,
                ]);
            if (frameIntensities is { Count: > 0 })
                InsertRows(db, tx, "REPLACE INTO", "frame_intensities", FrameIntensityColumns, frameIntensities, c =>
                    [job, c.ImageId, c.Channel, c.ChannelName, c.Mean, c.Min, c.Max, c.Std]);
            if (objectIntensities is { Count: > 0 })
                InsertRows(db, tx, "REPLACE INTO", "object_intensities", ObjectIntensityColumns, objectIntensities, c =>
                    [job, c.ImageId, c.Label, c.Channel, c.ChannelName, c.Mean, c.Min, c.Max, c.Sum, c.Std]);
            foreach (var e in errors) InsertError(db, tx, job, e);

            using (var run = Cmd(db, tx, "UPDATE runs SET frames_processed = frames_processed + @n WHERE job = @job AND run_id = @run",
                       ("@n", frames.Count + errors.Count), ("@job", job), ("@run", runId)))
                run.ExecuteNonQuery();
            tx.Commit();
            return true;
        });
    }

    private void InsertError(DbConnection db, DbTransaction tx, string job, ErrorRow e)
    {
        CheckError(e);
        using var cmd = Cmd(db, tx, "REPLACE INTO errors (job, uri, page, image_id, stage, error_type, message, at) VALUES (@job, @uri, @page, @id, @stage, @type, @msg, @at)",
            ("@job", job), ("@uri", e.Uri), ("@page", e.Page), ("@id", e.ImageId), ("@stage", e.Stage), ("@type", e.ErrorType), ("@msg", e.Message), ("@at", Now()));
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
        var db = _sqlite ?? throw new NotSupportedException($"{Path}: importing ground truth needs a SQLite results database (import it beside one-process results, or query the tables of a server database)");
        lock (_gate)
        {
            using var tx = db.BeginTransaction();
            foreach (var table in new[] { "gt_imports", "gt_frames", "gt_objects", "gt_tracks" })
            {
                using var del = db.CreateCommand();
                del.Transaction = tx;
                del.CommandText = $"DELETE FROM {table} WHERE job = $job";
                del.Parameters.AddWithValue("$job", job);
                del.ExecuteNonQuery();
            }

            using var fc = db.CreateCommand();
            fc.Transaction = tx;
            fc.CommandText = """
                INSERT INTO gt_frames (job, source, image_id, dataset, sequence, t, z, height, width, object_count, uri, page)
                VALUES ($job, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11)
                """;
            fc.Parameters.AddWithValue("$job", job);
            var f = new SqliteParameter[12];
            for (var i = 1; i <= 11; i++) f[i] = fc.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
            fc.Prepare();

            using var oc = db.CreateCommand();
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

            using (var tc = db.CreateCommand())
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
            using (var ic = db.CreateCommand())
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
        return Use<IReadOnlySet<long>>(db =>
        {
            using var cmd = Cmd(db, null, "SELECT batch_id FROM batches WHERE job = @job", ("@job", job));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = Long(r.GetValue(0));
                if (wanted.Contains(id)) found.Add(id);
            }
            return found;
        });
    }

    /// <summary>Starts a run (one process's work on a job) and returns its id; records the frames committed so far.</summary>
    public int StartRun(string job) => Use(db =>
    {
        using var tx = db.BeginTransaction();
        var at = Now();
        using (var end = Cmd(db, tx, "UPDATE runs SET status = @interrupted, ended_at = COALESCE(ended_at, @at) WHERE job = @job AND status = @running",
                   ("@job", job), ("@at", at), ("@interrupted", RunStatus.Interrupted.StoredName()), ("@running", RunStatus.Running.StoredName())))
            end.ExecuteNonQuery();
        int id;
        using (var next = Cmd(db, tx, "SELECT COALESCE(MAX(run_id), 0) + 1 FROM runs WHERE job = @job", ("@job", job)))
            id = (int)Long(next.ExecuteScalar());
        long committed;
        using (var done = Cmd(db, tx, "SELECT COALESCE(SUM(frames + errors), 0) FROM batches WHERE job = @job", ("@job", job)))
            committed = Long(done.ExecuteScalar());
        using (var ins = Cmd(db, tx, "INSERT INTO runs (job, run_id, started_at, committed_at_start, frames_processed, status) VALUES (@job, @run, @at, @c, 0, @status)",
                   ("@job", job), ("@run", id), ("@at", at), ("@c", committed), ("@status", RunStatus.Running.StoredName())))
            ins.ExecuteNonQuery();
        tx.Commit();
        return id;
    });

    /// <summary>Ends a run with a status (completed, failed, interrupted, cancelled).</summary>
    public void EndRun(string job, int runId, RunStatus status) => Use(db =>
    {
        using var cmd = Cmd(db, null, "UPDATE runs SET status = @s, ended_at = @at WHERE job = @job AND run_id = @run", ("@job", job), ("@run", runId), ("@s", status.StoredName()), ("@at", Now()));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Marks the job completed.</summary>
    public void CompleteJob(string job) => Use(db =>
    {
        using var cmd = Cmd(db, null, "UPDATE jobs SET status = @completed, completed_at = COALESCE(completed_at, @at) WHERE job = @job",
            ("@job", job), ("@at", Now()), ("@completed", JobPhase.Completed.StoredName()));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Sets a job's status (e.g. <c>paused</c>, <c>running</c>, <c>cancelled</c>); a completed job stays completed.</summary>
    public void SetJobStatus(string job, JobPhase status)
    {
        Use(db =>
        {
            using var cmd = Cmd(db, null, "UPDATE jobs SET status = @s WHERE job = @job AND status <> @completed",
                ("@job", job), ("@s", status.StoredName()), ("@completed", JobPhase.Completed.StoredName()));
            return cmd.ExecuteNonQuery();
        });
    }

    /// <summary>The job's runs, oldest first.</summary>
    public IReadOnlyList<RunRecord> Runs(string job) => Use<IReadOnlyList<RunRecord>>(db => ReadRuns(db, job));

    private static List<RunRecord> ReadRuns(DbConnection db, string job)
    {
        using var cmd = Cmd(db, null, "SELECT run_id, started_at, ended_at, committed_at_start, frames_processed, status FROM runs WHERE job = @job ORDER BY run_id", ("@job", job));
        using var r = cmd.ExecuteReader();
        var list = new List<RunRecord>();
        while (r.Read())
            list.Add(new RunRecord((int)Long(r.GetValue(0)), ParseTime(r.GetString(1)), r.IsDBNull(2) ? null : ParseTime(r.GetString(2)), Long(r.GetValue(3)), Long(r.GetValue(4)),
                StoredNames.Parse<RunStatus>(r.GetString(5))));
        return list;
    }

    /// <summary>Number of <c>frames</c> rows of a job (frames segmented, with or without cells).</summary>
    public long CountFrames(string job) => Use(db =>
    {
        using var cmd = Cmd(db, null, "SELECT COUNT(*) FROM frames WHERE job = @job", ("@job", job));
        return Long(cmd.ExecuteScalar());
    });

    /// <summary>Runs a read-only query (parameters named <c>@name</c>) and returns its rows: for tools, tests and SQL-level checks on either engine.</summary>
    public IReadOnlyList<object?[]> Query(string sql, params (string Name, object? Value)[] args) => Use<IReadOnlyList<object?[]>>(db =>
    {
        using var cmd = Cmd(db, null, sql, args);
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            rows.Add(r.Values());
        }
        return rows;
    });

    /// <summary>
    /// What the segmenter chose for the job's sequences (the <c>sequence_choices</c> view), ordered by dataset and
    /// sequence; empty for jobs whose segmenter recorded nothing, and for databases written before it was recorded.
    /// </summary>
    public IReadOnlyList<SequenceChoiceRow> GetSequenceChoices(string job) => Use<IReadOnlyList<SequenceChoiceRow>>(db =>
    {
        var rows = new List<SequenceChoiceRow>();
        try
        {
            using var cmd = Cmd(db, null,
                "SELECT dataset, sequence, segmenter, modality, inverted, colour, augmentation, frames, scale_min, scale_max, typical_diameter, background_position, noise " +
                "FROM sequence_choices WHERE job = @job ORDER BY dataset, sequence, frames DESC", ("@job", job));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                double? Opt(int i) => r.IsDBNull(i) ? null : r.Double(i);
                rows.Add(new SequenceChoiceRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Long(4) != 0, r.Long(5) != 0, r.GetString(6),
                    r.Long(7), r.Double(8), r.Double(9), Opt(10), Opt(11), Opt(12)));
            }
        }
        catch (DbException) when (rows.Count == 0)
        {
            // a database from before schema version 4 has no frame_segmentation table: nothing was recorded
        }
        return rows;
    });

    /// <summary>Progress, counts and throughput of a job, read from the committed rows.</summary>
    public JobStatusReport? GetStatus(string job)
    {
        var rec = GetJob(job);
        if (rec is null) return null;
        return Use(db =>
        {
            long Scalar(string sql)
            {
                using var cmd = Cmd(db, null, sql, ("@job", job));
                return Long(cmd.ExecuteScalar());
            }

            var done = Scalar("SELECT COALESCE(SUM(frames + errors), 0) FROM batches WHERE job = @job");
            var withCells = Scalar("SELECT COUNT(*) FROM frames WHERE job = @job AND cell_count > 0");
            var objects = Scalar("SELECT COALESCE(SUM(objects), 0) FROM batches WHERE job = @job");
            var errors = Scalar("SELECT COUNT(*) FROM errors WHERE job = @job");
            var runs = ReadRuns(db, job);
            var last = runs.Count > 0 ? runs[^1] : null;
            double fps = 0;
            if (last is not null)
            {
                var end = last.EndedAt ?? DateTimeOffset.UtcNow;
                var secs = (end - last.StartedAt).TotalSeconds;
                if (secs > 0) fps = last.FramesProcessed / secs;
            }
            TimeSpan? left = rec.Status == JobPhase.Completed ? TimeSpan.Zero
                : fps > 0 ? TimeSpan.FromSeconds((rec.FrameCount - done) / fps) : null;
            return new JobStatusReport(job, rec.Source, rec.Status, rec.FrameCount, done, withCells, objects, errors, fps, left, runs.Count, rec.CreatedAt, rec.CompletedAt);
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_sqlite is not null)
        {
            lock (_gate) _sqlite.Dispose();
        }
    }
}
