namespace CellActors.Results.Formats;

/// <summary>What <see cref="ParquetExport.Export"/> wrote.</summary>
public sealed record ParquetExportSummary(string FramesPath, long Frames, string ObjectsPath, long Objects, string TracksPath, long Tracks);
