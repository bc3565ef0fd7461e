namespace CellActors.Cli;

/// <summary>One key a pipeline file sets.</summary>
/// <param name="Key">Dotted key.</param>
/// <param name="Value">Canonical value; null for an explicit <c>null</c>.</param>
/// <param name="Line">1-based line of the key.</param>
public sealed record PipelineEntry(string Key, string? Value, int Line);
