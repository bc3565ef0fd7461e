namespace CellActors.Dashboard.Data;

/// <summary>A frame's row of <c>frames</c>; physical sizes in µm and the time increment in s, null when unknown.</summary>
public sealed record FrameInfo(string ImageId, string Dataset, string Sequence, int T, int Z, int Height, int Width,
    int CellCount, long CellArea, long TotalArea, double CellRatio, double IntensityMean, double IntensityMin, double IntensityMax,
    double IntensityStd, string Uri, int Page, double? PhysicalSizeX = null, double? PhysicalSizeY = null, double? PhysicalSizeZ = null, double? TimeIncrement = null);
