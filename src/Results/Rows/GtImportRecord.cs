namespace CellActors.Results;

/// <summary>What one ground-truth import wrote (<c>gt_imports</c>).</summary>
public sealed record GtImportRecord(string Job, string Source, string Dataset, string Sequence, int SegFrames, int TraFrames, long SegObjects, long TraObjects, int Tracks);
