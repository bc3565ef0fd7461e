namespace CellActors.Imaging;

/// <summary>
/// Shape features of one labelled object. Coordinates are pixel indices (pixel centres at integers): x = column,
/// y = row. See <see cref="ObjectMeasurer"/> for the exact definitions.
/// </summary>
public sealed record ObjectMeasurement(
    int Label, long Area, double CentroidX, double CentroidY,
    int BboxX, int BboxY, int BboxWidth, int BboxHeight,
    double Perimeter, double Eccentricity, double Solidity, double EquivalentDiameter);
