using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.Storage;

namespace CellActors.Reading;

/// <summary>
/// Discovers OME-Zarr (OME-NGFF) images: NGFF 0.4 on Zarr v2 (<c>.zattrs</c>) and 0.5 on Zarr v3 (<c>zarr.json</c>,
/// attributes under <c>ome</c>). An image's <c>multiscales[0]</c> gives its axes (names, types, units) and its levels;
/// level 0 (<c>datasets[0]</c>) is read, with its <c>scale</c> as physical sizes; <c>omero.channels[].label</c> names
/// the channels. A plate (<c>plate.wells</c>, each well's <c>well.images</c>) and a <c>bioformats2raw.layout</c> list
/// their images, each a sequence. Axes other than t, c, z, y, x of size &gt; 1, or y and x not last, are refused
/// (<c>ambiguous_axes</c>): never guessed.
/// </summary>
internal static class OmeZarr
{
    /// <summary>True when a folder's entries make it a Zarr group or array.</summary>
    public static bool IsZarr(IReadOnlyList<StorageEntry> entries) =>
        entries.Any(e => !e.IsDirectory && e.Name is ".zattrs" or ".zgroup" or ".zarray" or "zarr.json");

    /// <summary>
    /// The frames of the OME-Zarr group at <paramref name="location"/>: image, plate or bioformats2raw layout. Each image
    /// is a sequence named by <paramref name="sequence"/> (the group's path below the source) and its path inside the group.
    /// </summary>
    public static IEnumerable<DiscoveredInput> Discover(IFileStorage storage, string location, string dataset, string sequence, string imageIdBase)
    {
        List<(string Location, string Relative)> images;
        try
        {
            images = Images(storage, location);
        }
        catch (BadInputException e)
        {
            return [new DiscoveredInput(null, new DiscoveryIssue(location, 0, e.ErrorType, e.Message))];
        }
        return images.SelectMany(i => Image(storage, i.Location, dataset, Join(sequence, i.Relative), Join(imageIdBase, i.Relative)));
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}/{b}";

    private static JsonElement Attributes(IFileStorage storage, string location)
    {
        if (ZarrJson.TryRead(storage, storage.Combine(location, ".zattrs"), location) is { } v2) return v2;
        if (ZarrJson.TryRead(storage, storage.Combine(location, "zarr.json"), location) is { } v3
            && v3.TryGetProperty("attributes", out var attributes))
            return attributes.TryGetProperty("ome", out var ome) ? ome : attributes;
        return default;
    }

    private static List<(string, string)> Images(IFileStorage storage, string location)
    {
        var attributes = Attributes(storage, location);
        if (attributes.ValueKind != JsonValueKind.Object)
            throw new BadInputException(location, 0, "not_an_image", "a Zarr group without OME-NGFF attributes (multiscales, plate or bioformats2raw.layout)");
        if (attributes.TryGetProperty("multiscales", out _)) return [(location, "")];
        if (attributes.TryGetProperty("plate", out var plate))
        {
            var list = new List<(string, string)>();
            foreach (var well in plate.GetProperty("wells").EnumerateArray())
            {
                string wellPath = well.GetProperty("path").GetString()!;
                string wellLocation = storage.Combine(location, wellPath);
                var wellAttributes = Attributes(storage, wellLocation);
                if (wellAttributes.ValueKind != JsonValueKind.Object || !wellAttributes.TryGetProperty("well", out var w))
                    throw new BadInputException(wellLocation, 0, AxesMetadataException.Mismatch, $"plate lists well {wellPath}, which has no well metadata");
                foreach (var field in w.GetProperty("images").EnumerateArray())
                {
                    string fieldPath = field.GetProperty("path").GetString()!;
                    list.Add((storage.Combine(wellLocation, fieldPath), $"{wellPath}/{fieldPath}"));
                }
            }
            return list;
        }
        if (attributes.TryGetProperty("bioformats2raw.layout", out _))
        {
            var list = new List<(string, string)>();
            for (int s = 0; ; s++)
            {
                string series = storage.Combine(location, s.ToString(CultureInfo.InvariantCulture));
                if (storage.Stat(series) is not { IsDirectory: true }) break;
                list.Add((series, s.ToString(CultureInfo.InvariantCulture)));
            }
            return list;
        }
        throw new BadInputException(location, 0, "not_an_image", "a Zarr group without OME-NGFF multiscales, plate or bioformats2raw.layout");
    }

    private static IEnumerable<DiscoveredInput> Image(IFileStorage storage, string location, string dataset, string sequence, string idBase)
    {
        SeriesLayout layout;
        try
        {
            layout = Layout(storage, location);
        }
        catch (BadInputException e)
        {
            return [new DiscoveredInput(null, new DiscoveryIssue(location, 0, e.ErrorType, e.Message))];
        }
        var frames = new List<DiscoveredInput>(layout.SizeT * layout.SizeZ);
        for (int t = 0; t < layout.SizeT; t++)
        for (int z = 0; z < layout.SizeZ; z++)
        {
            string id = idBase + (layout.SizeT > 1 ? $"/t{t.ToString("D4", CultureInfo.InvariantCulture)}" : "") + (layout.SizeZ > 1 ? $"/z{z.ToString("D4", CultureInfo.InvariantCulture)}" : "");
            var planes = Enumerable.Range(0, layout.SizeC).Select(c => layout.Plane(c, z, t)).ToList();
            frames.Add(new DiscoveredInput(new FrameLocation(dataset, sequence, t, z, planes[0].Uri, planes[0].Page, id, planes,
                layout.Size.IsUnknown ? null : layout.Size), null));
        }
        return frames;
    }

    /// <summary>The layout of one image: level 0's array, its axes and scale, channel names.</summary>
    private static SeriesLayout Layout(IFileStorage storage, string location)
    {
        var attributes = Attributes(storage, location);
        var ms = attributes.GetProperty("multiscales")[0];
        var datasets = ms.GetProperty("datasets");
        string level0 = datasets[0].GetProperty("path").GetString()!;
        string arrayLocation = storage.Combine(location, level0);
        var array = ZarrArray.Open(arrayLocation);
        int nd = array.Shape.Count;

        var (names, types, units) = Axes(ms, nd, location);
        if (names.Length != nd)
            throw new AxesMetadataException(location, AxesMetadataException.Mismatch, $"multiscales names {names.Length} axes but level 0 ({level0}) has {nd} dimensions");
        if (names[^2] != "y" || names[^1] != "x")
            throw new AxesMetadataException(location, AxesMetadataException.Ambiguous, $"axes [{string.Join(", ", names)}] do not end with y, x: the image plane cannot be told");
        int tAxis = Array.FindIndex(names, 0, nd - 2, n => n == "t") is var ti and >= 0 ? ti : Array.FindIndex(types, 0, nd - 2, t => t == "time");
        int cAxis = Array.FindIndex(names, 0, nd - 2, n => n == "c") is var ci and >= 0 ? ci : Array.FindIndex(types, 0, nd - 2, t => t == "channel");
        int zAxis = Array.FindIndex(names, 0, nd - 2, n => n == "z");
        for (int d = 0; d < nd - 2; d++)
            if (d != tAxis && d != cAxis && d != zAxis && array.Shape[d] > 1)
                throw new AxesMetadataException(location, AxesMetadataException.Ambiguous, $"axis '{names[d]}' ({types[d]}) of size {array.Shape[d]} is neither time, channel nor z");
        int sizeT = tAxis >= 0 ? (int)array.Shape[tAxis] : 1, sizeC = cAxis >= 0 ? (int)array.Shape[cAxis] : 1, sizeZ = zAxis >= 0 ? (int)array.Shape[zAxis] : 1;

        string?[] channelNames = new string?[sizeC];
        if (attributes.TryGetProperty("omero", out var omero) && omero.TryGetProperty("channels", out var channels))
        {
            int k = 0;
            foreach (var ch in channels.EnumerateArray())
            {
                if (k < sizeC && ch.TryGetProperty("label", out var label) && label.GetString() is { Length: > 0 } l) channelNames[k] = l;
                k++;
            }
        }
        var planes = new PlaneLocation[sizeT * sizeZ * sizeC];
        var index = new long[nd - 2];
        for (int t = 0; t < sizeT; t++)
        for (int z = 0; z < sizeZ; z++)
        for (int c = 0; c < sizeC; c++)
        {
            Array.Clear(index);
            if (tAxis >= 0) index[tAxis] = t;
            if (zAxis >= 0) index[zAxis] = z;
            if (cAxis >= 0) index[cAxis] = c;
            long page = 0;
            for (int d = 0; d < nd - 2; d++) page = page * array.Shape[d] + index[d];
            if (page > int.MaxValue) throw new BadInputException(location, 0, "unsupported_shape", "more than 2^31 planes");
            planes[(t * sizeZ + z) * sizeC + c] = new PlaneLocation(arrayLocation, (int)page, channelNames[c]);
        }
        var scale = Scale(ms, datasets[0], nd);
        double? Length(int axis) => axis >= 0 && scale is not null ? PhysicalUnits.ToMicrometres(scale[axis], units[axis]) : null;
        double? time = tAxis >= 0 && sizeT > 1 && scale is not null ? PhysicalUnits.ToSeconds(scale[tAxis], units[tAxis]) : null;
        var size = new PhysicalSize(Length(nd - 1), Length(nd - 2), sizeZ > 1 ? Length(zAxis) : null, time);
        return new SeriesLayout(sizeC, sizeZ, sizeT, channelNames, size, planes, ms.TryGetProperty("name", out var n) ? n.GetString() : null);
    }

    /// <summary>Axis names, types and units: NGFF 0.4+ objects, 0.3 names, or (0.1, 0.2) the implied t, c, z, y, x of a 5D array.</summary>
    private static (string[] Names, string?[] Types, string?[] Units) Axes(JsonElement ms, int nd, string location)
    {
        if (!ms.TryGetProperty("axes", out var axes))
        {
            if (nd != 5) throw new AxesMetadataException(location, AxesMetadataException.Ambiguous, $"multiscales without axes on a {nd}-dimensional array (only 5D arrays imply t, c, z, y, x)");
            return (["t", "c", "z", "y", "x"], ["time", "channel", "space", "space", "space"], new string?[5]);
        }
        var list = axes.EnumerateArray().ToList();
        var names = list.Select(a => (a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetProperty("name").GetString())!.ToLowerInvariant()).ToArray();
        var types = list.Select(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("type", out var t) ? t.GetString() : null).ToArray();
        var units = list.Select(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("unit", out var u) ? u.GetString() : null).ToArray();
        return (names, types, units);
    }

    /// <summary>Level 0's scale per axis (times a scale on the multiscales itself); null when none is given.</summary>
    private static double[]? Scale(JsonElement ms, JsonElement dataset, int nd)
    {
        static double[]? Of(JsonElement e, int nd)
        {
            if (!e.TryGetProperty("coordinateTransformations", out var ts)) return null;
            foreach (var t in ts.EnumerateArray())
                if (t.GetProperty("type").GetString() == "scale" && t.TryGetProperty("scale", out var s) && s.GetArrayLength() == nd)
                    return s.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return null;
        }
        var level = Of(dataset, nd);
        var all = Of(ms, nd);
        if (level is null) return all;
        if (all is not null) for (int i = 0; i < nd; i++) level[i] *= all[i];
        return level;
    }
}
