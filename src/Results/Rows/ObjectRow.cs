namespace CellActors.Results;

/// <summary>One row of <c>objects</c> (results contract). <see cref="Rle"/> is never truncated; <see cref="AreaUm2"/> and <see cref="EquivalentDiameterUm"/> are null when the pixel size is unknown; <see cref="Shape"/> (major and minor axis, orientation, extent, Feret diameters, form factor, compactness, Euler number, neighbours, nearest-neighbour distance) leaves those columns NULL when null.</summary>
public sealed record ObjectRow(
    string ImageId, int Label, long Area, double CentroidX, double CentroidY,
    int BboxX, int BboxY, int BboxWidth, int BboxHeight,
    double IntensityMean, double IntensityMin, double IntensityMax, double IntensitySum,
    double Perimeter, double Eccentricity, double Solidity, double EquivalentDiameter,
    int ClassId, double Score, string Rle,
    double? AreaUm2 = null, double? EquivalentDiameterUm = null, ObjectShapeRow? Shape = null);
