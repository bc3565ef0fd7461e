using System.Data.Common;
using System.Globalization;
using System.Text;
using CellActors.Messages;
using CellActors.Results;
using CellActors.Results.Sql;

namespace CellActors.Dashboard.Data;

/// <summary>
/// The dashboard's reads of the results database. Every statement is parameterised (<c>@name</c>); the only SQL
/// built from a request is made of whitelisted column expressions (<see cref="CellQuery"/>). The database
/// aggregates: no endpoint sends a whole table except the CSV download, which is streamed.
/// </summary>
public sealed class DashboardQueries(DashboardDatabase database)
{
    /// <summary>At most this many descendants are listed in a lineage.</summary>
    public const int MaxDescendants = 500;

    /// <summary>At most this many ancestors are followed (guards against a cycle in hand-edited data).</summary>
    public const int MaxAncestors = 1000;

    private SqlDialect Dialect => database.Dialect;

    private static DbCommand Command(DbConnection c, string sql, params IEnumerable<(string Name, object? Value)> parameters) => SqlCommands.Create(c, sql, parameters);

    private static (string Name, object? Value) P(string name, object? value) => (name, value);

    private static long L(object? v) => SqlCommands.ToLong(v);

    private static double D(object? v) => SqlCommands.ToDouble(v);

    private static string? S(DbDataReader r, int i) => r.NullableString(i);

    private static async Task<object?> ScalarAsync(DbConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] ps)
    {
        await using var cmd = Command(c, sql, ps);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private static DateTimeOffset? Time(string? s) => SqlCommands.TryParseTime(s);

    /// <summary>Names of the jobs, oldest first.</summary>
    public async Task<IReadOnlyList<string>> JobNamesAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return await JobNamesAsync(c, ct).ConfigureAwait(false);
    }

    private static async Task<List<string>> JobNamesAsync(DbConnection c, CancellationToken ct)
    {
        await using var cmd = Command(c, "SELECT job FROM jobs ORDER BY created_at, job");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var jobs = new List<string>();
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(r.GetString(0));
        return jobs;
    }

    /// <summary>Progress of every job.</summary>
    public async Task<IReadOnlyList<JobSummary>> JobsAsync(Func<string, bool> isLive, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var list = new List<JobSummary>();
        foreach (var job in await JobNamesAsync(c, ct).ConfigureAwait(false))
        {
            var s = await SummaryAsync(c, job, isLive(job), ct).ConfigureAwait(false);
            if (s is not null) list.Add(s);
        }
        return list;
    }

    /// <summary>A job's progress, runs, throughput over time and sequences; 404 when there is no such job.</summary>
    public async Task<JobDetail> JobAsync(string job, bool live, LiveJobState? liveState, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var summary = await SummaryAsync(c, job, live, ct).ConfigureAwait(false) ?? throw NoJob(job);
        var runs = await RunsAsync(c, job, ct).ConfigureAwait(false);
        var throughput = await ThroughputAsync(c, job, ct).ConfigureAwait(false);
        var sequences = await SequencesAsync(c, job, ct).ConfigureAwait(false);
        return new JobDetail(summary, runs, throughput, sequences, liveState);
    }

    private static DashboardRequestException NoJob(string job) => DashboardRequestException.NotFound($"no job '{job}'");

    private static async Task<JobSummary?> SummaryAsync(DbConnection c, string job, bool live, CancellationToken ct)
    {
        string source, status, created;
        string? completed;
        long frameCount;
        await using (var cmd = Command(c, "SELECT source, status, frame_count, created_at, completed_at FROM jobs WHERE job = @job", P("@job", job)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await r.ReadAsync(ct).ConfigureAwait(false)) return null;
            source = r.GetString(0);
            status = r.GetString(1);
            frameCount = L(r.GetValue(2));
            created = r.GetString(3);
            completed = S(r, 4);
        }
        long done, objects;
        string? lastCommit;
        await using (var cmd = Command(c, "SELECT COALESCE(SUM(frames + errors), 0), COALESCE(SUM(objects), 0), MAX(committed_at) FROM batches WHERE job = @job", P("@job", job)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await r.ReadAsync(ct).ConfigureAwait(false);
            done = L(r.GetValue(0));
            objects = L(r.GetValue(1));
            lastCommit = S(r, 2);
        }
        var withCells = L(await ScalarAsync(c, "SELECT COUNT(*) FROM frames WHERE job = @job AND cell_count > 0", ct, P("@job", job)).ConfigureAwait(false));
        var errors = L(await ScalarAsync(c, "SELECT COUNT(*) FROM errors WHERE job = @job", ct, P("@job", job)).ConfigureAwait(false));
        var runs = await RunsAsync(c, job, ct).ConfigureAwait(false);
        var last = runs.Count > 0 ? runs[^1] : null;
        double fps = last?.FramesPerSecond ?? 0;

        // Recent throughput: frames committed in the last minute (batches.committed_at is ISO-8601 UTC, so text order is time order).
        var now = DateTimeOffset.UtcNow;
        var since = now.AddSeconds(-60).ToString("O", CultureInfo.InvariantCulture);
        var recentFrames = L(await ScalarAsync(c, "SELECT COALESCE(SUM(frames + errors), 0) FROM batches WHERE job = @job AND committed_at >= @since", ct,
            P("@job", job), P("@since", since)).ConfigureAwait(false));
        double recent = 0;
        if (recentFrames > 0 && last is not null && status != JobPhase.Completed.StoredName())
        {
            var start = Time(last.StartedAt) ?? now;
            var window = Math.Min(60, (now - start).TotalSeconds);
            recent = window > 0 ? recentFrames / window : 0;
        }
        double? eta = status == JobPhase.Completed.StoredName() ? 0
            : status != JobPhase.Paused.StoredName() && last?.Status == RunStatus.Running.StoredName() && (recent > 0 ? recent : fps) is var rate && rate > 0 ? Math.Max(0, frameCount - done) / rate
            : null;
        return new JobSummary(job, source, status, frameCount, done, withCells, objects, errors, fps, recent, eta, runs.Count, created, completed, lastCommit, live);
    }

    private static async Task<List<RunInfo>> RunsAsync(DbConnection c, string job, CancellationToken ct)
    {
        await using var cmd = Command(c, "SELECT run_id, started_at, ended_at, committed_at_start, frames_processed, status FROM runs WHERE job = @job ORDER BY run_id", P("@job", job));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<RunInfo>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var started = r.GetString(1);
            var ended = S(r, 2);
            var processed = L(r.GetValue(4));
            var secs = ((Time(ended) ?? DateTimeOffset.UtcNow) - (Time(started) ?? DateTimeOffset.UtcNow)).TotalSeconds;
            list.Add(new RunInfo((int)L(r.GetValue(0)), started, ended, L(r.GetValue(3)), processed, r.GetString(5), secs > 0 ? processed / secs : 0));
        }
        return list;
    }

    private static async Task<List<ThroughputPoint>> ThroughputAsync(DbConnection c, string job, CancellationToken ct)
    {
        var commits = new List<(DateTimeOffset At, long Frames)>();
        await using (var cmd = Command(c, "SELECT committed_at, frames + errors FROM batches WHERE job = @job ORDER BY committed_at", P("@job", job)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                if (Time(r.GetString(0)) is { } at) commits.Add((at, L(r.GetValue(1))));
        }
        var points = new List<ThroughputPoint>();
        if (commits.Count == 0) return points;
        var first = commits[0].At;
        var span = Math.Max(1, (commits[^1].At - first).TotalSeconds);
        var bucket = Math.Max(1.0, Math.Ceiling(span / 100));
        var buckets = (int)Math.Ceiling(span / bucket) + 1;
        var frames = new long[buckets];
        foreach (var (at, n) in commits) frames[Math.Min(buckets - 1, (int)((at - first).TotalSeconds / bucket))] += n;
        long done = 0;
        for (var i = 0; i < buckets; i++)
        {
            done += frames[i];
            points.Add(new ThroughputPoint(first.ToUnixTimeMilliseconds() / 1000.0 + (i + 1) * bucket, frames[i] / bucket, done));
        }
        return points;
    }

    private static async Task<List<SequenceInfo>> SequencesAsync(DbConnection c, string job, CancellationToken ct)
    {
        const string sql = """
            SELECT dataset, sequence, COUNT(*), MIN(t), MAX(t), MAX(z) + 1, COALESCE(SUM(cell_count), 0)
            FROM frames WHERE job = @job GROUP BY dataset, sequence ORDER BY dataset, sequence
            """;
        await using var cmd = Command(c, sql, P("@job", job));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<SequenceInfo>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new SequenceInfo(r.GetString(0), r.GetString(1), L(r.GetValue(2)), (int)L(r.GetValue(3)), (int)L(r.GetValue(4)), (int)L(r.GetValue(5)), L(r.GetValue(6))));
        return list;
    }

    private static async Task RequireJobAsync(DbConnection c, string job, CancellationToken ct)
    {
        if (await ScalarAsync(c, "SELECT 1 FROM jobs WHERE job = @job", ct, P("@job", job)).ConfigureAwait(false) is null) throw NoJob(job);
    }

    /// <summary>Cell count, mean cell area and cell ratio per t of one sequence (summed over z).</summary>
    public async Task<TimeSeries> TimeSeriesAsync(string job, string dataset, string sequence, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        const string sql = """
            SELECT t, COUNT(*), SUM(cell_count), SUM(cell_area), SUM(total_area) FROM frames
            WHERE job = @job AND dataset = @dataset AND sequence = @sequence GROUP BY t ORDER BY t
            """;
        await using var cmd = Command(c, sql, P("@job", job), P("@dataset", dataset), P("@sequence", sequence));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var points = new List<TimePoint>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            long cells = L(r.GetValue(2)), area = L(r.GetValue(3)), total = L(r.GetValue(4));
            points.Add(new TimePoint((int)L(r.GetValue(0)), (int)L(r.GetValue(1)), cells, cells > 0 ? (double)area / cells : 0, total > 0 ? (double)area / total : 0));
        }
        if (points.Count == 0) throw DashboardRequestException.NotFound($"no frames of sequence {dataset}/{sequence} in job '{job}'");
        return new TimeSeries(dataset, sequence, points);
    }

    /// <summary>Histogram of a measurement over the job's objects, optionally of one sequence and one t.</summary>
    public async Task<Histogram> HistogramAsync(string job, CellColumn measure, string? dataset, string? sequence, int? t, int bins, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        var ps = new List<(string Name, object? Value)> { P("@job", job) };
        var where = new StringBuilder("o.job = @job");
        var from = "objects o";
        if (dataset is not null || sequence is not null || t is not null)
        {
            from = $"frames f {Dialect.OrderedJoin} objects o ON o.job = f.job AND o.image_id = f.image_id";
            where.Append(" AND f.job = @job");
            if (dataset is not null) { where.Append(" AND f.dataset = @dataset"); ps.Add(P("@dataset", dataset)); }
            if (sequence is not null) { where.Append(" AND f.sequence = @sequence"); ps.Add(P("@sequence", sequence)); }
            if (t is not null) { where.Append(" AND f.t = @t"); ps.Add(P("@t", t.Value)); }
        }
        var col = measure.Sql;
        double min, max;
        long count;
        await using (var cmd = Command(c, $"SELECT COUNT({col}), MIN({col}), MAX({col}) FROM {from} WHERE {where}", ps))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await r.ReadAsync(ct).ConfigureAwait(false);
            count = L(r.GetValue(0));
            min = D(r.GetValue(1));
            max = D(r.GetValue(2));
        }
        var counts = new long[bins];
        if (count == 0) return new Histogram(measure.Name, 0, 0, 0, 0, counts);
        var width = max > min ? (max - min) / bins : 1;
        ps.Add(P("@min", min));
        ps.Add(P("@width", width));
        var bin = Dialect.TruncateToInteger($"({col} - @min) / @width");
        await using (var cmd = Command(c, $"SELECT {bin} AS b, COUNT(*) FROM {from} WHERE {where} AND {col} IS NOT NULL GROUP BY {bin}", ps))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                counts[Math.Clamp((int)L(r.GetValue(0)), 0, bins - 1)] += L(r.GetValue(1));
        }
        return new Histogram(measure.Name, count, min, max, width, counts);
    }

    /// <summary>The frames of one sequence, in (t, z) order, for the viewer.</summary>
    public async Task<IReadOnlyList<FrameEntry>> FramesAsync(string job, string dataset, string sequence, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT image_id, t, z, cell_count FROM frames WHERE job = @job AND dataset = @dataset AND sequence = @sequence ORDER BY t, z",
            P("@job", job), P("@dataset", dataset), P("@sequence", sequence));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<FrameEntry>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new FrameEntry(r.GetString(0), (int)L(r.GetValue(1)), (int)L(r.GetValue(2)), (int)L(r.GetValue(3))));
        return list;
    }

    /// <summary>A frame's row; 404 when the job has no such frame.</summary>
    public async Task<FrameInfo> FrameAsync(string job, string imageId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return await FrameAsync(c, job, imageId, ct).ConfigureAwait(false);
    }

    private static async Task<FrameInfo> FrameAsync(DbConnection c, string job, string imageId, CancellationToken ct)
    {
        const string sql = """
            SELECT image_id, dataset, sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio,
                   intensity_mean, intensity_min, intensity_max, intensity_std, uri, page, physical_size_x, physical_size_y, physical_size_z, time_increment
            FROM frames WHERE job = @job AND image_id = @id
            """;
        await using var cmd = Command(c, sql, P("@job", job), P("@id", imageId));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false)) throw DashboardRequestException.NotFound($"no frame '{imageId}' in job '{job}'");
        return new FrameInfo(r.GetString(0), r.GetString(1), r.GetString(2), (int)L(r.GetValue(3)), (int)L(r.GetValue(4)), (int)L(r.GetValue(5)),
            (int)L(r.GetValue(6)), (int)L(r.GetValue(7)), L(r.GetValue(8)), L(r.GetValue(9)), D(r.GetValue(10)), D(r.GetValue(11)),
            D(r.GetValue(12)), D(r.GetValue(13)), D(r.GetValue(14)), r.GetString(15), (int)L(r.GetValue(16)),
            r.IsDBNull(17) ? null : D(r.GetValue(17)), r.IsDBNull(18) ? null : D(r.GetValue(18)), r.IsDBNull(19) ? null : D(r.GetValue(19)), r.IsDBNull(20) ? null : D(r.GetValue(20)));
    }

    /// <summary>The masks of a frame: label, RLE and track of each object, in label order.</summary>
    public async Task<(FrameInfo Frame, IReadOnlyList<(int Label, string Rle, long? TrackId)> Objects)> FrameMasksAsync(string job, string imageId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var frame = await FrameAsync(c, job, imageId, ct).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT label, rle, track_id FROM objects WHERE job = @job AND image_id = @id ORDER BY label", P("@job", job), P("@id", imageId));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<(int, string, long?)>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(((int)L(r.GetValue(0)), r.GetString(1), r.IsDBNull(2) ? null : L(r.GetValue(2))));
        return (frame, list);
    }

    /// <summary>
    /// The image file of a frame as recorded by the job (<c>frames</c>, else the manifest <c>inputs</c>): the only
    /// files the dashboard ever reads. 404 when the job has no such image.
    /// </summary>
    public async Task<(string Uri, int Page)> ImageFileAsync(string job, string imageId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        foreach (var table in new[] { "frames", "inputs" })
        {
            await using var cmd = Command(c, $"SELECT uri, page FROM {table} WHERE job = @job AND image_id = @id", P("@job", job), P("@id", imageId));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await r.ReadAsync(ct).ConfigureAwait(false)) return (r.GetString(0), (int)L(r.GetValue(1)));
        }
        throw DashboardRequestException.NotFound($"no image '{imageId}' in job '{job}'");
    }

    /// <summary>Candidate objects under pixel (x, y) of a frame (bounding box test), with their RLE.</summary>
    public async Task<IReadOnlyList<(int Label, string Rle)>> ObjectsAtAsync(string job, string imageId, int x, int y, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        const string sql = """
            SELECT label, rle FROM objects WHERE job = @job AND image_id = @id
              AND bbox_x <= @x AND bbox_x + bbox_width > @x AND bbox_y <= @y AND bbox_y + bbox_height > @y ORDER BY label
            """;
        await using var cmd = Command(c, sql, P("@job", job), P("@id", imageId), P("@x", x), P("@y", y));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<(int, string)>();
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(((int)L(r.GetValue(0)), r.GetString(1)));
        return list;
    }

    /// <summary>One object with its frame's coordinates and its track; 404 when absent.</summary>
    public async Task<CellDetail> CellAsync(string job, string imageId, int label, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var cols = string.Join(", ", CellQuery.Columns.Select(x => x.Sql));
        var sql = $"SELECT {cols}, o.rle FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE o.job = @job AND o.image_id = @id AND o.label = @label";
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        int rleLength;
        await using (var cmd = Command(c, sql, P("@job", job), P("@id", imageId), P("@label", label)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await r.ReadAsync(ct).ConfigureAwait(false)) throw DashboardRequestException.NotFound($"no object {label} in frame '{imageId}' of job '{job}'");
            for (var i = 0; i < CellQuery.Columns.Count; i++) values[CellQuery.Columns[i].Name] = r.IsDBNull(i) ? null : r.GetValue(i);
            rleLength = r.GetString(CellQuery.Columns.Count).Length;
        }
        TrackInfo? track = null;
        if (values["track_id"] is { } tid) track = await TrackAsync(c, job, L(tid), ct).ConfigureAwait(false);
        return new CellDetail(values, rleLength, track);
    }

    /// <summary>A page of the cell table for a validated query.</summary>
    public async Task<TablePage> CellsAsync(string job, CellQuery q, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        var (where, ps) = q.Where();
        ps.Add(P("@job", job));
        var from = q.NeedsFrames ? $"frames f {Dialect.OrderedJoin} objects o ON o.job = f.job AND o.image_id = f.image_id" : "objects o";
        if (q.NeedsFrames) where += " AND f.job = @job";
        var total = L(await ScalarAsync(c, $"SELECT COUNT(*) FROM {from} WHERE {where}", ct, ps.ToArray()).ConfigureAwait(false));

        // Keys of the page first (the join with frames only where a filter or the sort needs it), then their rows.
        var order = q.OrderBy();
        var inner = $"SELECT o.job, o.image_id, o.label FROM {from} WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset";
        var cols = string.Join(", ", CellQuery.Columns.Select(x => x.Sql));
        var sql = $"""
            SELECT {cols} FROM ({inner}) k
            JOIN objects o ON o.job = k.job AND o.image_id = k.image_id AND o.label = k.label
            JOIN frames f ON f.job = o.job AND f.image_id = o.image_id
            ORDER BY {order}
            """;
        ps.Add(P("@limit", q.Size));
        ps.Add(P("@offset", (long)(q.Page - 1) * q.Size));
        var rows = new List<object?[]>();
        await using (var cmd = Command(c, sql, ps))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new object?[CellQuery.Columns.Count];
                for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                rows.Add(row);
            }
        }
        return new TablePage(CellQuery.Columns.Select(x => x.Name).ToList(), rows, total, q.Page, q.Size);
    }

    /// <summary>Streams every row of a validated query (all pages, RLE included) as CSV to <paramref name="output"/>.</summary>
    public async Task WriteCellsCsvAsync(string job, CellQuery q, Stream output, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var (where, ps) = q.Where();
        ps.Add(P("@job", job));
        var cols = string.Join(", ", CellQuery.Columns.Select(x => x.Sql));
        var sql = $"SELECT {cols}, o.rle FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE {where} ORDER BY {q.OrderBy()}";
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(",", CellQuery.Columns.Select(x => x.Name).Append("rle"))).ConfigureAwait(false);
        await using var cmd = Command(c, sql, ps);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var n = CellQuery.Columns.Count + 1;
        var line = new StringBuilder();
        long rows = 0;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            line.Clear();
            for (var i = 0; i < n; i++)
            {
                if (i > 0) line.Append(',');
                if (r.IsDBNull(i)) continue;
                var v = r.GetValue(i);
                var s = v switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    float f => f.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable fm => fm.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? "",
                };
                if (s.AsSpan().IndexOfAny(",\"\n\r") >= 0) line.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                else line.Append(s);
            }
            await writer.WriteLineAsync(line, ct).ConfigureAwait(false);
            if (++rows % 4096 == 0) await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task<TrackInfo?> TrackAsync(DbConnection c, string job, long trackId, CancellationToken ct)
    {
        const string sql = """
            SELECT t.track_id, t.sequence, t.t_start, t.t_end, t.parent_track_id,
                   (SELECT COUNT(*) FROM tracks ch WHERE ch.job = t.job AND ch.parent_track_id = t.track_id)
            FROM tracks t WHERE t.job = @job AND t.track_id = @id
            """;
        await using var cmd = Command(c, sql, P("@job", job), P("@id", trackId));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadTrack(r) : null;
    }

    private static TrackInfo ReadTrack(DbDataReader r)
    {
        long? parent = r.IsDBNull(4) ? null : L(r.GetValue(4));
        if (parent == 0) parent = null;
        return new TrackInfo(L(r.GetValue(0)), r.GetString(1), (int)L(r.GetValue(2)), (int)L(r.GetValue(3)), parent, (int)L(r.GetValue(5)));
    }

    /// <summary>A page of tracks (by id), optionally only roots (no parent) or one sequence.</summary>
    public async Task<ItemPage<TrackInfo>> TracksAsync(string job, bool rootsOnly, string? sequence, int page, int size, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        var where = "t.job = @job" + (rootsOnly ? " AND (t.parent_track_id IS NULL OR t.parent_track_id = 0)" : "") + (sequence is null ? "" : " AND t.sequence = @sequence");
        var ps = new List<(string Name, object? Value)> { P("@job", job) };
        if (sequence is not null) ps.Add(P("@sequence", sequence));
        var total = L(await ScalarAsync(c, $"SELECT COUNT(*) FROM tracks t WHERE {where}", ct, ps.ToArray()).ConfigureAwait(false));
        ps.Add(P("@limit", size));
        ps.Add(P("@offset", (long)(page - 1) * size));
        var sql = $"""
            SELECT t.track_id, t.sequence, t.t_start, t.t_end, t.parent_track_id,
                   (SELECT COUNT(*) FROM tracks ch WHERE ch.job = t.job AND ch.parent_track_id = t.track_id)
            FROM tracks t WHERE {where} ORDER BY t.track_id LIMIT @limit OFFSET @offset
            """;
        await using var cmd = Command(c, sql, ps);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<TrackInfo>();
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(ReadTrack(r));
        return new ItemPage<TrackInfo>(list, total, page, size);
    }

    /// <summary>A track's lineage: ancestors up to the root, descendants (capped at <see cref="MaxDescendants"/>) and its objects over t.</summary>
    public async Task<Lineage> LineageAsync(string job, long trackId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var track = await TrackAsync(c, job, trackId, ct).ConfigureAwait(false)
            ?? throw DashboardRequestException.NotFound($"no track {trackId} in job '{job}'");
        var ancestors = new List<TrackInfo>();
        var seen = new HashSet<long> { track.TrackId };
        for (var p = track.ParentTrackId; p is { } id && ancestors.Count < MaxAncestors && seen.Add(id);)
        {
            var a = await TrackAsync(c, job, id, ct).ConfigureAwait(false);
            if (a is null) break;
            ancestors.Add(a);
            p = a.ParentTrackId;
        }
        ancestors.Reverse();

        var descendants = new List<Descendant>();
        var truncated = false;
        var frontier = new List<long> { track.TrackId };
        for (var depth = 1; frontier.Count > 0 && !truncated; depth++)
        {
            var next = new List<long>();
            foreach (var parent in frontier)
            {
                const string sql = """
                    SELECT t.track_id, t.sequence, t.t_start, t.t_end, t.parent_track_id,
                           (SELECT COUNT(*) FROM tracks ch WHERE ch.job = t.job AND ch.parent_track_id = t.track_id)
                    FROM tracks t WHERE t.job = @job AND t.parent_track_id = @parent ORDER BY t.track_id
                    """;
                await using var cmd = Command(c, sql, P("@job", job), P("@parent", parent));
                await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await r.ReadAsync(ct).ConfigureAwait(false))
                {
                    var child = ReadTrack(r);
                    if (!seen.Add(child.TrackId)) continue;
                    if (descendants.Count == MaxDescendants) { truncated = true; break; }
                    descendants.Add(new Descendant(child, depth));
                    next.Add(child.TrackId);
                }
                if (truncated) break;
            }
            frontier = next;
        }

        var points = new List<TrackPoint>();
        const string pointsSql = """
            SELECT f.t, f.z, o.image_id, o.label, o.area, o.centroid_x, o.centroid_y
            FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id
            WHERE o.job = @job AND o.track_id = @id ORDER BY f.t, f.z
            """;
        await using (var cmd = Command(c, pointsSql, P("@job", job), P("@id", trackId)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                points.Add(new TrackPoint((int)L(r.GetValue(0)), (int)L(r.GetValue(1)), r.GetString(2), (int)L(r.GetValue(3)), L(r.GetValue(4)), D(r.GetValue(5)), D(r.GetValue(6))));
        }
        return new Lineage(track, ancestors, descendants, truncated, points);
    }

    /// <summary>A page of the job's errors (inputs that could not be processed), by uri and page.</summary>
    public async Task<ItemPage<ErrorInfo>> ErrorsAsync(string job, int page, int size, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await RequireJobAsync(c, job, ct).ConfigureAwait(false);
        var total = L(await ScalarAsync(c, "SELECT COUNT(*) FROM errors WHERE job = @job", ct, P("@job", job)).ConfigureAwait(false));
        await using var cmd = Command(c, "SELECT uri, page, image_id, stage, error_type, message, at FROM errors WHERE job = @job ORDER BY uri, page LIMIT @limit OFFSET @offset",
            P("@job", job), P("@limit", size), P("@offset", (long)(page - 1) * size));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<ErrorInfo>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new ErrorInfo(r.GetString(0), (int)L(r.GetValue(1)), S(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));
        return new ItemPage<ErrorInfo>(list, total, page, size);
    }
}
