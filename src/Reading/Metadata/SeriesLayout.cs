namespace CellActors.Reading;

/// <summary>
/// One image (an OME series, or an ImageJ hyperstack) as its metadata lays it out: sizes of the channel, z and time
/// axes, channel names, physical size, and where each (c, z, t) plane lives.
/// </summary>
/// <param name="SizeC">Channels (planes per (t, z); a colour plane counts once and expands to red, green, blue when read).</param>
/// <param name="SizeZ">Z-slices.</param>
/// <param name="SizeT">Time points.</param>
/// <param name="ChannelNames">One per channel, null where the metadata names none.</param>
/// <param name="Size">Physical pixel size and frame interval.</param>
/// <param name="Planes">Row-major over (t, z, c): <c>Planes[(t * SizeZ + z) * SizeC + c]</c>.</param>
/// <param name="Name">The series' name or id, null when it has none.</param>
public sealed record SeriesLayout(int SizeC, int SizeZ, int SizeT, IReadOnlyList<string?> ChannelNames, PhysicalSize Size, IReadOnlyList<PlaneLocation> Planes, string? Name = null)
{
    /// <summary>Where plane (c, z, t) lives, named after its channel.</summary>
    public PlaneLocation Plane(int c, int z, int t) => Planes[(t * SizeZ + z) * SizeC + c];
}
