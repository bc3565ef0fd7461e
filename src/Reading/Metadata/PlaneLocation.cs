namespace CellActors.Reading;

/// <summary>
/// Where one channel of a frame lives: a TIFF page (0-based directory; 0 for PNG), or for an OME-Zarr array the index
/// of the 2D plane among the array's non-spatial positions (row-major over its leading axes). <paramref name="Name"/> is
/// the channel's name from the metadata, null when it has none.
/// </summary>
public sealed record PlaneLocation(string Uri, int Page, string? Name);
