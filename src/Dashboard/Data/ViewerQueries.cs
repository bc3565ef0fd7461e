using System.Data.Common;
using System.Text;
using CellActors.Results.Sql;

namespace CellActors.Dashboard.Data;

/// <summary>
/// The frame viewer's reads: a frame's masks, the ground truth imported for it (<c>gt_*</c> tables, written by
/// <c>import ctc-gt</c>; absent from server databases) and two measurements of many objects for the scatter plot.
/// Parameterised SQL; the only request text in a statement is a whitelisted column expression.
/// </summary>
public sealed class ViewerQueries(DashboardDatabase database, DashboardQueries queries)
{
    /// <summary>Default number of scatter points sent.</summary>
    public const int DefaultScatterLimit = 20_000;

    /// <summary>Largest number of scatter points a request may ask for.</summary>
    public const int MaxScatterLimit = 200_000;

    private static DbCommand Command(DbConnection c, string sql, params IEnumerable<(string Name, object? Value)> parameters) => SqlCommands.Create(c, sql, parameters);

    private static (string Name, object? Value) P(string name, object? value) => (name, value);

    private static long L(object? v) => SqlCommands.ToLong(v);

    private static double D(object? v) => SqlCommands.ToDouble(v);

    /// <summary>The masks of a frame (label order); 404 when the job has no such frame.</summary>
    public async Task<FrameObjects> ObjectsAsync(string job, string imageId, CancellationToken ct)
    {
        var (frame, objects) = await queries.FrameMasksAsync(job, imageId, ct).ConfigureAwait(false);
        return new FrameObjects(frame.ImageId, frame.Height, frame.Width, objects.Select(o => new FrameObject(o.Label, o.TrackId, o.Rle)).ToList());
    }

    /// <summary>The ground truths imported for a sequence (none when the database has no <c>gt_imports</c> table).</summary>
    public async Task<IReadOnlyList<GroundTruthImport>> GroundTruthImportsAsync(string dataset, string sequence, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        if (!await HasTableAsync(c, "gt_imports", ct).ConfigureAwait(false)) return [];
        await using var cmd = Command(c, """
            SELECT job, dataset, sequence, seg_frames, tra_frames, seg_objects, tra_objects, tracks
            FROM gt_imports WHERE dataset = @dataset AND sequence = @sequence ORDER BY job
            """, P("@dataset", dataset), P("@sequence", sequence));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<GroundTruthImport>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new GroundTruthImport(r.GetString(0), r.GetString(1), r.GetString(2), (int)L(r.GetValue(3)), (int)L(r.GetValue(4)), L(r.GetValue(5)), L(r.GetValue(6)), (int)L(r.GetValue(7))));
        return list;
    }

    /// <summary>
    /// The ground-truth objects of a job's frame: <c>gt_objects</c> rows of the same image id, dataset and sequence whose
    /// annotated image has the frame's size. 404 when the job has no such frame.
    /// </summary>
    public async Task<GroundTruthObjects> GroundTruthAsync(string job, string imageId, CancellationToken ct)
    {
        var frame = await queries.FrameAsync(job, imageId, ct).ConfigureAwait(false);
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        var list = new List<GroundTruthObject>();
        if (await HasTableAsync(c, "gt_objects", ct).ConfigureAwait(false))
        {
            await using var cmd = Command(c, """
                SELECT o.job, o.source, o.label, o.rle FROM gt_objects o
                JOIN gt_frames f ON f.job = o.job AND f.source = o.source AND f.image_id = o.image_id
                WHERE o.image_id = @id AND o.dataset = @dataset AND o.sequence = @sequence AND f.height = @h AND f.width = @w
                ORDER BY o.job, o.source, o.label
                """, P("@id", imageId), P("@dataset", frame.Dataset), P("@sequence", frame.Sequence), P("@h", frame.Height), P("@w", frame.Width));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                list.Add(new GroundTruthObject(r.GetString(0), r.GetString(1), (int)L(r.GetValue(2)), r.GetString(3)));
        }
        return new GroundTruthObjects(frame.ImageId, frame.Height, frame.Width, list);
    }

    /// <summary>
    /// Measurements <paramref name="x"/> and <paramref name="y"/> of the job's objects where both are set, optionally of
    /// one sequence and one frame, in image_id, label order; at most <paramref name="limit"/> points (every k-th).
    /// </summary>
    public async Task<ScatterPoints> ScatterAsync(string job, CellColumn x, CellColumn y, string? dataset, string? sequence, string? imageId, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        if (await Scalar(c, "SELECT 1 FROM jobs WHERE job = @job", ct, P("@job", job)).ConfigureAwait(false) is null)
            throw DashboardRequestException.NotFound($"no job '{job}'");
        var ps = new List<(string Name, object? Value)> { P("@job", job) };
        var where = new StringBuilder($"o.job = @job AND {x.Sql} IS NOT NULL AND {y.Sql} IS NOT NULL");
        var from = "objects o";
        if (dataset is not null || sequence is not null)
        {
            from = $"frames f {database.Dialect.OrderedJoin} objects o ON o.job = f.job AND o.image_id = f.image_id";
            where.Append(" AND f.job = @job");
            if (dataset is not null) { where.Append(" AND f.dataset = @dataset"); ps.Add(P("@dataset", dataset)); }
            if (sequence is not null) { where.Append(" AND f.sequence = @sequence"); ps.Add(P("@sequence", sequence)); }
        }
        if (imageId is not null) { where.Append(" AND o.image_id = @id"); ps.Add(P("@id", imageId)); }
        var total = L(await Scalar(c, $"SELECT COUNT(*) FROM {from} WHERE {where}", ct, ps.ToArray()).ConfigureAwait(false));
        var stride = (int)Math.Max(1, (total + limit - 1) / limit);
        var images = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var points = new List<double[]>((int)Math.Min(total, limit));
        await using (var cmd = Command(c, $"SELECT o.image_id, o.label, {x.Sql}, {y.Sql} FROM {from} WHERE {where} ORDER BY o.image_id, o.label", ps))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            for (long row = 0; await r.ReadAsync(ct).ConfigureAwait(false); row++)
            {
                if (row % stride != 0) continue;
                var id = r.GetString(0);
                if (!index.TryGetValue(id, out var k)) { k = images.Count; images.Add(id); index[id] = k; }
                points.Add([D(r.GetValue(2)), D(r.GetValue(3)), k, L(r.GetValue(1))]);
            }
        }
        return new ScatterPoints(x.Name, y.Name, total, stride, images, points);
    }

    private static async Task<object?> Scalar(DbConnection c, string sql, CancellationToken ct, params (string Name, object? Value)[] ps)
    {
        await using var cmd = Command(c, sql, ps);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private async Task<bool> HasTableAsync(DbConnection c, string table, CancellationToken ct) =>
        L(await Scalar(c, database.Dialect.TableExists, ct, P("@table", table)).ConfigureAwait(false)) > 0;
}
