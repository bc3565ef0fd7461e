namespace CellActors.Dashboard.Data;

/// <summary>A frame's row of <c>frames</c>.</summary>
public sealed record FrameInfo(string ImageId, string Dataset, string Sequence, int T, int Z, int Height, int Width,
    int CellCount, long CellArea, long TotalArea, double CellRatio, double IntensityMean, double IntensityMin, double IntensityMax,
    double IntensityStd, string Uri, int Page);
