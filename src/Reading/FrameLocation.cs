namespace CellActors.Reading;

/// <summary>
/// Where one 2D plane lives: what discovery yields, no pixels. <paramref name="Page"/> is the 0-based TIFF
/// directory (0 for single-page files and PNG). <paramref name="ImageId"/> is stable across runs, unique
/// across datasets, and never truncated.
/// </summary>
public sealed record FrameLocation(string Dataset, string Sequence, int T, int Z, string Uri, int Page, string ImageId);
