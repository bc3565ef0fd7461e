namespace CellActors.Results.Formats;

/// <summary>What <see cref="CtcGroundTruth.Import"/> wrote.</summary>
public sealed record CtcGroundTruthImportSummary(string Database, GtImportRecord Import);
