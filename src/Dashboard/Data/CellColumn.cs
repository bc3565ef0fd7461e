namespace CellActors.Dashboard.Data;

/// <summary>A column the cell table may show, filter and sort on: its public name and the SQL that reads it.</summary>
/// <param name="Name">Public name (the API's <c>sort</c> and <c>filter</c> use it).</param>
/// <param name="Sql">Qualified column (<c>o.</c> objects, <c>f.</c> frames): never built from the request.</param>
/// <param name="Kind">Value kind.</param>
/// <param name="Nullable">Whether the column may be NULL (<c>track_id</c>).</param>
public sealed record CellColumn(string Name, string Sql, ColumnKind Kind, bool Nullable = false)
{
    /// <summary>Whether the column comes from <c>frames</c> (needs the join).</summary>
    public bool FromFrames => Sql.StartsWith("f.", StringComparison.Ordinal);
}
