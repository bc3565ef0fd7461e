using CellActors.Imaging;

namespace CellActors.Results;

/// <summary>
/// The shape columns of an <c>objects</c> row added by schema version 6 (definitions: <see cref="ObjectMeasurer"/>).
/// <see cref="NearestNeighbourDistance"/> is null when the object is alone in its frame.
/// </summary>
public sealed record ObjectShapeRow(
    double MajorAxisLength, double MinorAxisLength, double Orientation, double Extent,
    double FeretDiameterMax, double FeretDiameterMin, double FormFactor, double Compactness,
    int EulerNumber, int Neighbours, double? NearestNeighbourDistance)
{
    /// <summary>The shape columns of a measurement.</summary>
    public static ObjectShapeRow From(ObjectMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.MajorAxisLength, m.MinorAxisLength, m.Orientation, m.Extent, m.FeretDiameterMax, m.FeretDiameterMin,
            m.FormFactor, m.Compactness, m.EulerNumber, m.Neighbours,
            double.IsNaN(m.NearestNeighbourDistance) ? null : m.NearestNeighbourDistance);
    }
}
