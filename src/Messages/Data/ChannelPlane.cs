namespace CellActors.Messages;

/// <summary>
/// One plane of a frame's channels: a TIFF page (0 for PNG), or plane <paramref name="Page"/> of an OME-Zarr array
/// (row-major over its non-spatial axes). <paramref name="Name"/> is the channel's name from the metadata, null when
/// it has none. A colour plane holds three channels (red, green, blue).
/// </summary>
public sealed record ChannelPlane(string Uri, int Page, string? Name);
