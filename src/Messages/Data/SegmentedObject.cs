namespace CellActors.Messages;

/// <summary>
/// One object found by a detector: its label, its run-length encoding (DSB convention) and the intensity statistics
/// only a detector (which holds the pixels) can compute: of the segmented plane, and of every channel
/// (<paramref name="Channels"/>, null from detectors that measured no channels).
/// </summary>
public sealed record SegmentedObject(int Label, string Rle, long PixelCount, double IntensitySum, double IntensityMin, double IntensityMax,
    IReadOnlyList<ChannelIntensity>? Channels = null);
