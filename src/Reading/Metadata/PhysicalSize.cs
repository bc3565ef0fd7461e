namespace CellActors.Reading;

/// <summary>
/// The physical size of a frame's pixels, in micrometres (<paramref name="X"/>, <paramref name="Y"/>; <paramref name="Z"/>
/// the distance between z-slices), and the time between consecutive time points in seconds; null where unknown.
/// </summary>
public sealed record PhysicalSize(double? X, double? Y, double? Z, double? TimeIncrement)
{
    /// <summary>Nothing known.</summary>
    public static PhysicalSize Unknown { get; } = new(null, null, null, null);

    /// <summary>True when nothing is known.</summary>
    public bool IsUnknown => X is null && Y is null && Z is null && TimeIncrement is null;

    /// <summary>This size with <paramref name="pixelSize"/> (µm, for X and Y) and <paramref name="timeInterval"/> (s) replacing what the metadata said, where given.</summary>
    public PhysicalSize Override(double? pixelSize, double? timeInterval) =>
        new(pixelSize ?? X, pixelSize ?? Y, Z, timeInterval ?? TimeIncrement);
}
