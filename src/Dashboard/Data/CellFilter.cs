namespace CellActors.Dashboard.Data;

/// <summary>One filter condition: <c>column:op:value</c>.</summary>
public sealed record CellFilter(CellColumn Column, string Op, object? Value);
