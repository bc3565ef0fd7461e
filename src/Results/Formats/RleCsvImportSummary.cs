namespace CellActors.Results.Formats;

/// <summary>What <see cref="RleCsv.Import"/> wrote.</summary>
public sealed record RleCsvImportSummary(string Job, string Database, int Frames, int EmptyFrames, int Objects);
