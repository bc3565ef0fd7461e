namespace CellActors.Results;

/// <summary>One ground-truth object (<c>gt_objects</c>): its label in the GT file, measurements and full-length RLE (column-major, 1-based).</summary>
public sealed record GtObjectRow(int Label, long Area, double CentroidX, double CentroidY, int BboxX, int BboxY, int BboxWidth, int BboxHeight, string Rle);
