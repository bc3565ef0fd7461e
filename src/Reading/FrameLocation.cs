namespace CellActors.Reading;

/// <summary>
/// Where one 2D frame lives: what discovery yields, no pixels. <paramref name="Page"/> is the 0-based TIFF
/// directory (0 for single-page files and PNG) of its first channel. <paramref name="ImageId"/> is stable across runs,
/// unique across datasets, and never truncated. <paramref name="Channels"/> lists the planes that make the frame's
/// channels, in channel order, when there is more than the one plane at <paramref name="Uri"/>/<paramref name="Page"/>
/// or the metadata names it (null otherwise: one plane, unnamed); <paramref name="Size"/> is its physical pixel size and
/// frame interval, null when nothing is known.
/// </summary>
public sealed record FrameLocation(string Dataset, string Sequence, int T, int Z, string Uri, int Page, string ImageId,
    IReadOnlyList<PlaneLocation>? Channels = null, PhysicalSize? Size = null);
