namespace CellActors.Dashboard.Data;

/// <summary>One ground truth imported with <c>import ctc-gt</c> (a <c>gt_imports</c> row) for a sequence.</summary>
public sealed record GroundTruthImport(string GtJob, string Dataset, string Sequence, int SegFrames, int TraFrames, long SegObjects, long TraObjects, int Tracks);
