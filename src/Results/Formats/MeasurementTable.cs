using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>
/// One level's measurement rows of a job, its columns read from the table itself (so columns added by later migrations
/// appear), named by <see cref="MeasurementColumns"/>: every column but <c>rle</c> and the columns that are NULL on every
/// row of the job (a physical unit without a pixel size, <c>track_id</c> before tracking), then the per-channel
/// intensity table pivoted (objects and frames: one column per statistic and channel).
/// </summary>
public sealed class MeasurementTable
{
    private static readonly HashSet<string> IntensityKeys = new(StringComparer.OrdinalIgnoreCase) { "job", "image_id", "label", "channel", "channel_name" };

    private readonly ResultsDatabase _db;
    private readonly string _table;
    private readonly string? _intensityTable;
    private readonly List<string> _columns;
    private readonly List<string> _statistics = [];
    private readonly List<int> _channels = [];

    private MeasurementTable(ResultsDatabase db, MeasurementLevel level)
    {
        _db = db;
        Level = level;
        (_table, _intensityTable, var first) = level switch
        {
            MeasurementLevel.Objects => ("objects", (string?)"object_intensities", new[] { "image_id", "label" }),
            MeasurementLevel.Frames => ("frames", "frame_intensities", new[] { "image_id" }),
            _ => ("tracks", null, new[] { "track_id" }),
        };
        var all = ColumnsOf(_table);
        var kept = all.Where(c => !c.Equals("rle", StringComparison.OrdinalIgnoreCase)).ToList();
        var counts = new long[kept.Count];
        using (var cmd = db.Command($"SELECT {string.Join(", ", kept.Select(c => $"COUNT(`{c}`)"))} FROM {_table} WHERE job = @job"))
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            for (int i = 0; i < kept.Count; i++) counts[i] = SqlCommands.ToLong(r.GetValue(i));
        }
        var rows = counts.Length == 0 ? 0 : counts.Max();
        _columns = [.. first.Where(kept.Contains), .. kept.Where((c, i) => !first.Contains(c) && (counts[i] > 0 || rows == 0))];
        Headers = [.. _columns.Select(c => MeasurementColumns.Name(level, c))];
        if (_intensityTable is not null && TableExists(_intensityTable))
        {
            _statistics.AddRange(ColumnsOf(_intensityTable).Where(c => !IntensityKeys.Contains(c)));
            var names = new SortedDictionary<int, string?>();
            using (var cmd = db.Command($"SELECT channel, MAX(channel_name) FROM {_intensityTable} WHERE job = @job GROUP BY channel ORDER BY channel"))
            {
                using var r = cmd.ExecuteReader();
                while (r.Read()) names[SqlCommands.ToInt(r.GetValue(0))] = r.IsDBNull(1) ? null : r.GetString(1);
            }
            var suffixes = names.ToDictionary(n => n.Key, n => MeasurementColumns.ChannelSuffix(n.Key, n.Value));
            bool unique = suffixes.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count() == suffixes.Count;
            _channels.AddRange(names.Keys);
            foreach (var s in _statistics)
                foreach (var c in _channels)
                    Headers.Add(MeasurementColumns.Channel(s, unique ? suffixes[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The level.</summary>
    public MeasurementLevel Level { get; }

    /// <summary>The export names of the columns, in order.</summary>
    public List<string> Headers { get; }

    /// <summary>Reads the level's columns of <paramref name="db"/>'s job.</summary>
    /// <exception cref="InvalidDataException">tracks asked for a job that is not tracked.</exception>
    public static MeasurementTable Open(ResultsDatabase db, MeasurementLevel level)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (level == MeasurementLevel.Tracks) NapariExport.RequireTracked(db);
        return new MeasurementTable(db, level);
    }

    /// <summary>Every row of the level, in key order (objects: by image and label), values as stored (<see cref="DBNull"/> for NULL).</summary>
    public IEnumerable<object?[]> Rows()
    {
        if (Level != MeasurementLevel.Objects)
        {
            var pivot = Level == MeasurementLevel.Frames ? Intensities(null) : [];
            var order = Level == MeasurementLevel.Frames ? "image_id" : "dataset, sequence, track_id";
            foreach (var row in Read($"SELECT {Select()} FROM {_table} WHERE job = @job ORDER BY {order}", []))
                yield return Pivot(row, pivot, Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture) ?? "");
            yield break;
        }
        var images = new List<string>();
        using (var cmd = _db.Command("SELECT DISTINCT image_id FROM objects WHERE job = @job ORDER BY image_id"))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) images.Add(r.GetString(0));
        }
        foreach (var id in images)
            foreach (var row in ImageRows(id))
                yield return row;
    }

    /// <summary>The object rows of one image, by label (objects level only).</summary>
    public IEnumerable<object?[]> ImageRows(string imageId)
    {
        var pivot = Intensities(imageId);
        foreach (var row in Read($"SELECT {Select()} FROM objects WHERE job = @job AND image_id = @id ORDER BY label", [("@id", imageId)]))
            yield return Pivot(row, pivot, row[0] + "\n" + Convert.ToString(row[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private string Select() => string.Join(", ", _columns.Select(c => $"`{c}`"));

    private object?[] Pivot(object?[] row, Dictionary<string, object?[]> pivot, string key)
    {
        if (_statistics.Count == 0) return row;
        var values = pivot.TryGetValue(key, out var v) ? v : Enumerable.Repeat((object?)DBNull.Value, _statistics.Count * _channels.Count).ToArray();
        return [.. row, .. values];
    }

    /// <summary>The pivoted intensities keyed by image (frames) or image + "\n" + label (objects of <paramref name="imageId"/>).</summary>
    private Dictionary<string, object?[]> Intensities(string? imageId)
    {
        var result = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        if (_statistics.Count == 0) return result;
        bool objects = Level == MeasurementLevel.Objects;
        var key = objects ? "image_id, label" : "image_id";
        var where = imageId is null ? "" : " AND image_id = @id";
        var sql = $"SELECT {key}, channel, {string.Join(", ", _statistics.Select(s => $"`{s}`"))} FROM {_intensityTable} WHERE job = @job{where}";
        foreach (var row in Read(sql, imageId is null ? [] : [("@id", imageId)]))
        {
            int k = objects ? 2 : 1;
            var id = objects ? row[0] + "\n" + Convert.ToString(row[1], System.Globalization.CultureInfo.InvariantCulture) : (string)row[0]!;
            if (!result.TryGetValue(id, out var values))
                result[id] = values = Enumerable.Repeat((object?)DBNull.Value, _statistics.Count * _channels.Count).ToArray();
            int c = _channels.IndexOf(SqlCommands.ToInt(row[k]));
            for (int s = 0; s < _statistics.Count; s++) values[s * _channels.Count + c] = row[k + 1 + s];
        }
        return result;
    }

    private List<object?[]> Read(string sql, (string, object?)[] args)
    {
        using var cmd = _db.Command(sql, args);
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            r.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    private List<string> ColumnsOf(string table)
    {
        using var cmd = _db.Command($"SELECT * FROM {table} WHERE 1 = 0");
        using var r = cmd.ExecuteReader();
        return [.. Enumerable.Range(0, r.FieldCount).Select(r.GetName)];
    }

    private bool TableExists(string table)
    {
        using var cmd = _db.Command(_db.Dialect.TableExists, ("@table", table));
        return SqlCommands.ToLong(cmd.ExecuteScalar()) > 0;
    }

    /// <summary>Formats a stored value for CSV and JSON: integers as they are, reals round-trip, NULL empty.</summary>
    public static string Format(object? value) => value switch
    {
        null or DBNull => "",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>True for a stored number (not NULL, not text).</summary>
    public static bool IsNumber(object? value) => value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
