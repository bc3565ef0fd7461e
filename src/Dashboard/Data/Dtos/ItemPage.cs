namespace CellActors.Dashboard.Data;

/// <summary>A page of items.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, long Total, int Page, int Size);
