using System.Globalization;

namespace CellActors.Dashboard.Data;

/// <summary>
/// A cell table request, validated: whitelisted columns, known operators, typed values, a bounded page. Its SQL uses
/// only catalogue column expressions and <c>@</c> parameters, never text from the request.
/// </summary>
public sealed class CellQuery
{
    /// <summary>Columns of the cell table, in display order.</summary>
    public static readonly IReadOnlyList<CellColumn> Columns =
    [
        new("image_id", "o.image_id", ColumnKind.Text),
        new("dataset", "f.dataset", ColumnKind.Text),
        new("sequence", "f.sequence", ColumnKind.Text),
        new("t", "f.t", ColumnKind.Integer),
        new("z", "f.z", ColumnKind.Integer),
        new("label", "o.label", ColumnKind.Integer),
        new("track_id", "o.track_id", ColumnKind.Integer, Nullable: true),
        new("area", "o.area", ColumnKind.Integer),
        new("centroid_x", "o.centroid_x", ColumnKind.Real),
        new("centroid_y", "o.centroid_y", ColumnKind.Real),
        new("bbox_x", "o.bbox_x", ColumnKind.Integer),
        new("bbox_y", "o.bbox_y", ColumnKind.Integer),
        new("bbox_width", "o.bbox_width", ColumnKind.Integer),
        new("bbox_height", "o.bbox_height", ColumnKind.Integer),
        new("intensity_mean", "o.intensity_mean", ColumnKind.Real),
        new("intensity_min", "o.intensity_min", ColumnKind.Real),
        new("intensity_max", "o.intensity_max", ColumnKind.Real),
        new("intensity_sum", "o.intensity_sum", ColumnKind.Real),
        new("perimeter", "o.perimeter", ColumnKind.Real),
        new("eccentricity", "o.eccentricity", ColumnKind.Real),
        new("solidity", "o.solidity", ColumnKind.Real),
        new("equivalent_diameter", "o.equivalent_diameter", ColumnKind.Real),
        new("area_um2", "o.area_um2", ColumnKind.Real, Nullable: true),
        new("equivalent_diameter_um", "o.equivalent_diameter_um", ColumnKind.Real, Nullable: true),
        new("major_axis_length", "o.major_axis_length", ColumnKind.Real, Nullable: true),
        new("minor_axis_length", "o.minor_axis_length", ColumnKind.Real, Nullable: true),
        new("orientation", "o.orientation", ColumnKind.Real, Nullable: true),
        new("extent", "o.extent", ColumnKind.Real, Nullable: true),
        new("feret_diameter_max", "o.feret_diameter_max", ColumnKind.Real, Nullable: true),
        new("feret_diameter_min", "o.feret_diameter_min", ColumnKind.Real, Nullable: true),
        new("form_factor", "o.form_factor", ColumnKind.Real, Nullable: true),
        new("compactness", "o.compactness", ColumnKind.Real, Nullable: true),
        new("euler_number", "o.euler_number", ColumnKind.Integer, Nullable: true),
        new("neighbours", "o.neighbours", ColumnKind.Integer, Nullable: true),
        new("nearest_neighbour_distance", "o.nearest_neighbour_distance", ColumnKind.Real, Nullable: true),
        new("class_id", "o.class_id", ColumnKind.Integer),
        new("score", "o.score", ColumnKind.Real),
    ];

    /// <summary>Numeric object measurements a histogram may be drawn of.</summary>
    public static readonly IReadOnlyList<CellColumn> Measures =
        Columns.Where(c => c.Kind != ColumnKind.Text && !c.FromFrames && c.Name is not ("label" or "track_id" or "class_id")).ToList();

    /// <summary>Operators: eq, ne, lt, le, gt, ge, contains (text), null, notnull.</summary>
    public static readonly IReadOnlyDictionary<string, string> Operators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eq"] = "=", ["ne"] = "<>", ["lt"] = "<", ["le"] = "<=", ["gt"] = ">", ["ge"] = ">=",
        ["contains"] = "LIKE", ["null"] = "IS NULL", ["notnull"] = "IS NOT NULL",
    };

    /// <summary>At most this many filters per request.</summary>
    public const int MaxFilters = 16;

    private static readonly Dictionary<string, CellColumn> ByName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Filters, all of which must hold.</summary>
    public required IReadOnlyList<CellFilter> Filters { get; init; }

    /// <summary>Sort column.</summary>
    public required CellColumn Sort { get; init; }

    /// <summary>Descending order.</summary>
    public bool Descending { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Rows per page.</summary>
    public int Size { get; init; } = 50;

    /// <summary>Whether the query touches a <c>frames</c> column (filters or sort).</summary>
    public bool NeedsFrames => Sort.FromFrames || Filters.Any(f => f.Column.FromFrames);

    /// <summary>A whitelisted column by name.</summary>
    /// <exception cref="DashboardRequestException">400: no such column.</exception>
    public static CellColumn Column(string name, string what = "column") =>
        ByName.TryGetValue(name, out var c) ? c
            : throw DashboardRequestException.BadRequest($"unknown {what} '{Truncate(name)}' (known: {string.Join(", ", Columns.Select(x => x.Name))})");

    /// <summary>A histogram measure by name.</summary>
    /// <exception cref="DashboardRequestException">400: not a measure.</exception>
    public static CellColumn Measure(string name) =>
        Measures.FirstOrDefault(m => m.Name == name)
            ?? throw DashboardRequestException.BadRequest($"unknown measure '{Truncate(name)}' (known: {string.Join(", ", Measures.Select(x => x.Name))})");

    /// <summary>Validates a request's <c>filter</c> (repeated <c>column:op[:value]</c>), <c>sort</c>, <c>dir</c>, <c>page</c> and <c>size</c>.</summary>
    /// <exception cref="DashboardRequestException">400 with what is wrong.</exception>
    public static CellQuery Parse(IEnumerable<string> filters, string? sort, string? dir, string? page, string? size, int maxSize)
    {
        var list = new List<CellFilter>();
        foreach (var raw in filters)
        {
            if (string.IsNullOrEmpty(raw)) continue;
            if (list.Count == MaxFilters) throw DashboardRequestException.BadRequest($"at most {MaxFilters} filters");
            list.Add(ParseFilter(raw));
        }
        var sortColumn = string.IsNullOrEmpty(sort) ? ByName["image_id"] : Column(sort, "sort column");
        var desc = dir switch
        {
            null or "" or "asc" => false,
            "desc" => true,
            _ => throw DashboardRequestException.BadRequest($"dir must be asc or desc (got '{Truncate(dir)}')"),
        };
        var (p, s) = Paging(page, size, 50, maxSize);
        return new CellQuery { Filters = list, Sort = sortColumn, Descending = desc, Page = p, Size = s };
    }

    /// <summary>Validates <c>page</c> (≥ 1) and <c>size</c> (1..<paramref name="maxSize"/>).</summary>
    /// <exception cref="DashboardRequestException">400.</exception>
    public static (int Page, int Size) Paging(string? page, string? size, int defaultSize, int maxSize)
    {
        int p = 1, s = defaultSize;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1 || p > 10_000_000))
            throw DashboardRequestException.BadRequest($"page must be a whole number from 1 to 10000000 (got '{Truncate(page)}')");
        if (!string.IsNullOrEmpty(size) && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out s) || s < 1 || s > maxSize))
            throw DashboardRequestException.BadRequest($"size must be a whole number from 1 to {maxSize} (got '{Truncate(size)}')");
        return (p, s);
    }

    private static CellFilter ParseFilter(string raw)
    {
        var parts = raw.Split(':', 3);
        if (parts.Length < 2) throw DashboardRequestException.BadRequest($"a filter is column:op:value (got '{Truncate(raw)}')");
        var column = Column(parts[0], "filter column");
        var op = parts[1];
        if (!Operators.ContainsKey(op))
            throw DashboardRequestException.BadRequest($"unknown filter operator '{Truncate(op)}' (known: {string.Join(", ", Operators.Keys)})");
        if (op is "null" or "notnull")
        {
            if (!column.Nullable) throw DashboardRequestException.BadRequest($"column {column.Name} is never null");
            return new CellFilter(column, op, null);
        }
        if (parts.Length < 3) throw DashboardRequestException.BadRequest($"filter '{Truncate(raw)}' has no value");
        var text = parts[2];
        if (text.Length > 512) throw DashboardRequestException.BadRequest("a filter value is at most 512 characters");
        if (op == "contains")
        {
            if (column.Kind != ColumnKind.Text) throw DashboardRequestException.BadRequest($"contains applies to text columns, not {column.Name}");
            var escaped = text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
            return new CellFilter(column, op, "%" + escaped + "%");
        }
        object value = column.Kind switch
        {
            ColumnKind.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
                : throw DashboardRequestException.BadRequest($"{column.Name} takes a whole number (got '{Truncate(text)}')"),
            ColumnKind.Real => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
                : throw DashboardRequestException.BadRequest($"{column.Name} takes a number (got '{Truncate(text)}')"),
            _ => text,
        };
        return new CellFilter(column, op, value);
    }

    /// <summary>The WHERE clause (after <c>o.job = @job</c>) and its parameters.</summary>
    public (string Sql, List<(string Name, object? Value)> Parameters) Where()
    {
        var sql = new System.Text.StringBuilder("o.job = @job");
        var ps = new List<(string Name, object? Value)>();
        for (var i = 0; i < Filters.Count; i++)
        {
            var f = Filters[i];
            var op = Operators[f.Op];
            if (f.Value is null)
            {
                sql.Append(" AND ").Append(f.Column.Sql).Append(' ').Append(op);
                continue;
            }
            var name = "@f" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(" AND ").Append(f.Column.Sql).Append(' ').Append(op).Append(' ').Append(name);
            if (f.Op == "contains") sql.Append(" ESCAPE '!'");
            ps.Add((name, f.Value));
        }
        return (sql.ToString(), ps);
    }

    /// <summary>ORDER BY list: the sort column then the key, for a stable order across pages.</summary>
    public string OrderBy()
    {
        var d = Descending ? " DESC" : "";
        return Sort.Name == "image_id" ? $"o.image_id{d}, o.label{d}" : $"{Sort.Sql}{d}, o.image_id{d}, o.label{d}";
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";
}
