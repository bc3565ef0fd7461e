using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CellActors.Reading;

/// <summary>
/// Reads the OME-XML of an OME-TIFF (its first page's <c>ImageDescription</c>) as series layouts: per <c>Image</c>, the
/// <c>Pixels</c> sizes (<c>SizeC/Z/T</c>), <c>DimensionOrder</c>, <c>Channel</c> names and samples, physical sizes with
/// their units, <c>TimeIncrement</c> (or the <c>Plane</c> <c>DeltaT</c>s), and where each plane is: <c>TiffData</c>
/// (<c>IFD</c>, <c>FirstC/Z/T</c>, <c>PlaneCount</c>, <c>UUID FileName</c> for sets split over several files), else the
/// <c>Plane</c> elements' <c>TheC/TheZ/TheT</c> in page order, else pages in <c>DimensionOrder</c> (series after series).
/// Element names are matched without their namespace, so every OME schema version reads the same.
/// </summary>
public sealed class OmeXml
{
    private readonly XElement _root;

    private OmeXml(XElement root) => _root = root;

    /// <summary>True when the description is OME-XML (it has an <c>OME</c> root element).</summary>
    public static bool Looks(string? description) =>
        description is not null && description.Contains("<OME", StringComparison.Ordinal) && description.TrimStart().StartsWith('<');

    /// <summary>Parses OME-XML; a document that is not well-formed is <c>metadata_mismatch</c>.</summary>
    /// <exception cref="AxesMetadataException">not well-formed XML, or no <c>OME</c> root.</exception>
    public static OmeXml Parse(string xml, string uri)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml.Trim('\0', ' ', '\n', '\r', '\t'));
        }
        catch (XmlException e)
        {
            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"OME-XML is not well-formed: {e.Message}");
        }
        if (root.Name.LocalName != "OME")
            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"OME-XML root element is <{root.Name.LocalName}>, not <OME>");
        return new OmeXml(root);
    }

    /// <summary>The metadata file a <c>BinaryOnly</c> OME-TIFF points to (its planes are described there); null for a full document.</summary>
    public string? BinaryOnlyMetadataFile => Children(_root, "BinaryOnly").FirstOrDefault()?.Attribute("MetadataFile")?.Value;

    /// <summary>The other files the planes live in (<c>TiffData/UUID/@FileName</c>), as written (relative to this file's folder).</summary>
    public IReadOnlyList<string> ReferencedFiles =>
        _root.Descendants().Where(e => e.Name.LocalName == "UUID").Select(e => e.Attribute("FileName")?.Value).OfType<string>()
            .Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The layout of every <c>Image</c>. <paramref name="resolve"/> maps a <c>FileName</c> to its location (a sibling of
    /// <paramref name="uri"/>); <paramref name="pagesOf"/> counts a location's pages (for checks).
    /// </summary>
    /// <exception cref="AxesMetadataException">sizes, planes or pages contradict each other.</exception>
    public IReadOnlyList<SeriesLayout> Layouts(string uri, Func<string, string> resolve, Func<string, int> pagesOf)
    {
        var images = Children(_root, "Image").ToList();
        if (images.Count == 0) throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, "OME-XML has no <Image>");
        var result = new List<SeriesLayout>(images.Count);
        int nextIfd = 0;
        for (int s = 0; s < images.Count; s++)
        {
            var image = images[s];
            string what = images.Count > 1 ? $"OME image {s} ({image.Attribute("ID")?.Value})" : "OME image";
            var pixels = Children(image, "Pixels").FirstOrDefault()
                ?? throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"{what} has no <Pixels>");
            int Size(string a)
            {
                var v = pixels.Attribute(a)?.Value;
                if (v is null) return 1;
                if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                    throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"{what}: {a}=\"{v}\" is not a positive integer");
                return n;
            }
            int sizeC = Size("SizeC"), sizeZ = Size("SizeZ"), sizeT = Size("SizeT");
            string order = pixels.Attribute("DimensionOrder")?.Value ?? "";
            if (order.Length != 5 || !order.StartsWith("XY", StringComparison.Ordinal) || !order[2..].Order().SequenceEqual("CTZ"))
                throw new AxesMetadataException(uri, AxesMetadataException.Ambiguous, $"{what}: DimensionOrder \"{order}\" is not one of XYCZT, XYCTZ, XYZCT, XYZTC, XYTCZ, XYTZC: the plane order cannot be told");

            // Channels: a colour channel (SamplesPerPixel 3) is one plane holding three samples.
            var channels = Children(pixels, "Channel").ToList();
            int planesC = sizeC;
            if (channels.Count > 0)
            {
                int samples = channels.Sum(c => int.TryParse(c.Attribute("SamplesPerPixel")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k > 0 ? k : 1);
                if (samples == sizeC) planesC = channels.Count;
                else if (channels.Count != sizeC)
                    throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                        $"{what}: SizeC={sizeC} but its {channels.Count} <Channel> elements hold {samples} samples: the channels cannot be told apart");
            }
            var names = new string?[planesC];
            for (int c = 0; c < planesC && c < channels.Count; c++)
                names[c] = channels[c].Attribute("Name")?.Value is { Length: > 0 } n ? n : null;

            int count = planesC * sizeZ * sizeT;
            var planes = new PlaneLocation?[count];
            void Place(int c, int z, int t, string file, int ifd, string source)
            {
                if (c >= planesC || z >= sizeZ || t >= sizeT)
                    throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                        $"{what}: {source} places a plane at (c={c}, z={z}, t={t}), outside SizeC={planesC}, SizeZ={sizeZ}, SizeT={sizeT}");
                int at = (t * sizeZ + z) * planesC + c;
                if (planes[at] is not null)
                    throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"{what}: {source} places a second plane at (c={c}, z={z}, t={t})");
                planes[at] = new PlaneLocation(file, ifd, names[c]);
            }
            (int C, int Z, int T) Position(int index)
            {
                int[] sizes = [0, 0, 0];
                int[] pos = new int[3];
                for (int k = 0; k < 3; k++)
                {
                    int n = order[2 + k] switch { 'C' => planesC, 'Z' => sizeZ, _ => sizeT };
                    pos[k] = index % n;
                    index /= n;
                    sizes[k] = n;
                }
                int P(char axis) => pos[order.IndexOf(axis, 2) - 2];
                return (P('C'), P('Z'), P('T'));
            }
            int IndexOf(int c, int z, int t)
            {
                int index = 0, stride = 1;
                for (int k = 0; k < 3; k++)
                {
                    var (v, n) = order[2 + k] switch { 'C' => (c, planesC), 'Z' => (z, sizeZ), _ => (t, sizeT) };
                    index += v * stride;
                    stride *= n;
                }
                return index;
            }

            var tiffData = Children(pixels, "TiffData").ToList();
            var planeElements = Children(pixels, "Plane").ToList();
            if (tiffData.Count > 0)
            {
                foreach (var td in tiffData)
                {
                    int Attr(string a, int dflt) =>
                        td.Attribute(a)?.Value is { } v
                            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
                                : throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"{what}: TiffData {a}=\"{v}\" is not a non-negative integer")
                            : dflt;
                    bool hasIfd = td.Attribute("IFD") is not null;
                    int ifd = Attr("IFD", 0);
                    int first = IndexOf(Attr("FirstC", 0), Attr("FirstZ", 0), Attr("FirstT", 0));
                    int planeCount = Attr("PlaneCount", hasIfd || tiffData.Count > 1 ? 1 : count);
                    var fileName = Children(td, "UUID").FirstOrDefault()?.Attribute("FileName")?.Value;
                    string file = string.IsNullOrEmpty(fileName) ? uri : resolve(fileName);
                    for (int k = 0; k < planeCount; k++)
                    {
                        if (first + k >= count)
                            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                                $"{what}: TiffData IFD={ifd} PlaneCount={planeCount} runs past the image's {count} planes");
                        var (c, z, t) = Position(first + k);
                        Place(c, z, t, file, ifd + k, $"TiffData IFD={ifd + k}");
                    }
                }
            }
            else if (planeElements.Count == count && planeElements.All(p => p.Attribute("TheC") is not null || p.Attribute("TheZ") is not null || p.Attribute("TheT") is not null))
            {
                for (int k = 0; k < count; k++)
                {
                    int The(string a) => int.TryParse(planeElements[k].Attribute(a)?.Value ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
                        : throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"{what}: Plane {a} is not a non-negative integer");
                    Place(The("TheC"), The("TheZ"), The("TheT"), uri, nextIfd + k, $"Plane {k}");
                }
                nextIfd += count;
            }
            else
            {
                for (int k = 0; k < count; k++)
                {
                    var (c, z, t) = Position(k);
                    Place(c, z, t, uri, nextIfd + k, $"page {nextIfd + k}");
                }
                nextIfd += count;
            }
            var missing = Array.FindIndex(planes, p => p is null);
            if (missing >= 0)
            {
                int t = missing / (planesC * sizeZ), z = missing / planesC % sizeZ, c = missing % planesC;
                throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                    $"{what}: no TiffData places plane (c={c}, z={z}, t={t}) of SizeC={planesC}, SizeZ={sizeZ}, SizeT={sizeT}");
            }
            foreach (var group in planes.GroupBy(p => p!.Uri, StringComparer.Ordinal))
            {
                int pages = pagesOf(group.Key);
                int beyond = group.Max(p => p!.Page);
                if (beyond >= pages)
                    throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                        $"{what}: planes are placed up to IFD {beyond} of {Path.GetFileName(group.Key)}, which has {pages} pages (SizeC × SizeZ × SizeT = {planesC} × {sizeZ} × {sizeT})");
            }
            result.Add(new SeriesLayout(planesC, sizeZ, sizeT, names, PhysicalOf(pixels, planeElements, sizeT), planes.Select(p => p!).ToList(),
                image.Attribute("Name")?.Value ?? image.Attribute("ID")?.Value));
        }
        return result;
    }

    private static PhysicalSize PhysicalOf(XElement pixels, List<XElement> planeElements, int sizeT)
    {
        double? Length(string a) => PhysicalUnits.ToMicrometres(PhysicalUnits.Number(pixels.Attribute(a)?.Value), pixels.Attribute(a + "Unit")?.Value ?? "µm");
        double? increment = PhysicalUnits.ToSeconds(PhysicalUnits.Number(pixels.Attribute("TimeIncrement")?.Value), pixels.Attribute("TimeIncrementUnit")?.Value ?? "s");
        if (increment is null && sizeT > 1)
        {
            // The mean step between the first plane's DeltaT at the first and at the last time point.
            double? DeltaT(int t)
            {
                var p = planeElements.FirstOrDefault(e => (e.Attribute("TheT")?.Value ?? "0") == t.ToString(CultureInfo.InvariantCulture) && e.Attribute("DeltaT") is not null);
                return p is null ? null : PhysicalUnits.Number(p.Attribute("DeltaT")!.Value) is { } v
                    ? v * (PhysicalUnits.ToSeconds(1, p.Attribute("DeltaTUnit")?.Value ?? "s") ?? double.NaN) : null;
            }
            if (DeltaT(0) is { } a && DeltaT(sizeT - 1) is { } b && double.IsFinite(b - a) && b > a) increment = (b - a) / (sizeT - 1);
        }
        return new PhysicalSize(Length("PhysicalSizeX"), Length("PhysicalSizeY"), Length("PhysicalSizeZ"), increment);
    }

    private static IEnumerable<XElement> Children(XElement e, string localName) => e.Elements().Where(c => c.Name.LocalName == localName);
}
