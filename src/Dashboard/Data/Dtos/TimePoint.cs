namespace CellActors.Dashboard.Data;

/// <summary>One time point of a sequence (summed over z for 3D stacks).</summary>
public sealed record TimePoint(int T, int Frames, long CellCount, double MeanCellArea, double CellRatio);
