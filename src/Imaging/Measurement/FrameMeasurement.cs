namespace CellActors.Imaging;

/// <summary>
/// Per-frame counts: objects present, their total pixel area, the frame's pixel count (H × W) and
/// CellRatio = CellArea / TotalArea (0 for an empty or zero-sized frame).
/// </summary>
public sealed record FrameMeasurement(int CellCount, long CellArea, long TotalArea, double CellRatio);
