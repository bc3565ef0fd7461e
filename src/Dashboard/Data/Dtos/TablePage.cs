namespace CellActors.Dashboard.Data;

/// <summary>A page of a table: column names and rows of values in that order.</summary>
public sealed record TablePage(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long Total, int Page, int Size);
