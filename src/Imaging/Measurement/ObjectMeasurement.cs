namespace CellActors.Imaging;

/// <summary>
/// Shape features of one labelled object. Coordinates are pixel indices (pixel centres at integers): x = column,
/// y = row. See <see cref="ObjectMeasurer"/> for the exact definitions.
/// </summary>
/// <param name="Label">The label.</param>
/// <param name="Area">Pixel count.</param>
/// <param name="CentroidX">Mean column.</param>
/// <param name="CentroidY">Mean row.</param>
/// <param name="BboxX">First column.</param>
/// <param name="BboxY">First row.</param>
/// <param name="BboxWidth">Columns spanned.</param>
/// <param name="BboxHeight">Rows spanned.</param>
/// <param name="Perimeter">Crack length.</param>
/// <param name="Eccentricity">Of the same-moments ellipse.</param>
/// <param name="Solidity">Area over convex hull pixels.</param>
/// <param name="EquivalentDiameter">Diameter of the disc of the same area.</param>
/// <param name="MajorAxisLength">4·sqrt(λ1) of the inertia tensor (skimage).</param>
/// <param name="MinorAxisLength">4·sqrt(λ2) of the inertia tensor (skimage).</param>
/// <param name="Orientation">Radians in [−π/2, π/2] between the row axis and the major axis (skimage).</param>
/// <param name="Extent">Area over bounding-box area.</param>
/// <param name="FeretDiameterMax">Largest caliper diameter (skimage <c>feret_diameter_max</c>).</param>
/// <param name="FeretDiameterMin">Smallest caliper width of the same convex body.</param>
/// <param name="FormFactor">4π·Area / Perimeter².</param>
/// <param name="Compactness">2π·(σx² + σy²) / Area (about 1 for a disc).</param>
/// <param name="EulerNumber">8-connected components minus holes.</param>
/// <param name="Neighbours">Other labels touching it (8-adjacent).</param>
/// <param name="NearestNeighbourDistance">Centroid distance to the nearest other object; NaN when alone.</param>
public sealed record ObjectMeasurement(
    int Label, long Area, double CentroidX, double CentroidY,
    int BboxX, int BboxY, int BboxWidth, int BboxHeight,
    double Perimeter, double Eccentricity, double Solidity, double EquivalentDiameter,
    double MajorAxisLength, double MinorAxisLength, double Orientation, double Extent,
    double FeretDiameterMax, double FeretDiameterMin, double FormFactor, double Compactness,
    int EulerNumber, int Neighbours, double NearestNeighbourDistance);
