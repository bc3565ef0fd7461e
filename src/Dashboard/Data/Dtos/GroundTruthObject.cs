namespace CellActors.Dashboard.Data;

/// <summary>One ground-truth object: the import it belongs to, its source (SEG masks or TRA markers), label and RLE.</summary>
public sealed record GroundTruthObject(string GtJob, string Source, int Label, string Rle);
