namespace CellActors.Dashboard.Data;

/// <summary>An error answer (also the body of every 4xx).</summary>
public sealed record ApiError(string Error);
