using System.Globalization;

namespace CellActors.Reading;

/// <summary>
/// What an ImageJ <c>ImageDescription</c> (<c>ImageJ=1.54f\nimages=6\nchannels=2\nframes=3\nhyperstack=true\n...</c>)
/// says about a stack's axes and calibration. ImageJ stores hyperstack planes in CZT order (channel fastest, then
/// slice, then frame).
/// </summary>
public sealed record ImageJDescription(
    int? Images, int? Channels, int? Slices, int? Frames, bool Hyperstack,
    string? Unit, double? Spacing, double? FrameInterval, string? TimeUnit)
{
    /// <summary>Parses an ImageJ description; null when <paramref name="description"/> is not one.</summary>
    public static ImageJDescription? TryParse(string? description)
    {
        if (description is null || !description.StartsWith("ImageJ=", StringComparison.Ordinal)) return null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in description.Split('\n'))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            fields[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        int? Int(string key) => fields.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
        double? Num(string key) => fields.TryGetValue(key, out var v) ? PhysicalUnits.Number(v) : null;
        return new ImageJDescription(Int("images"), Int("channels"), Int("slices"), Int("frames"),
            fields.TryGetValue("hyperstack", out var h) && h.Equals("true", StringComparison.OrdinalIgnoreCase),
            fields.GetValueOrDefault("unit"), Num("spacing"), Num("finterval"), fields.GetValueOrDefault("tunit"));
    }

    /// <summary>
    /// The stack's layout, or null when the description names no channel, slice or frame axis (a plain stack: the
    /// caller decides what its pages are).
    /// </summary>
    /// <param name="uri">The file, for planes and messages.</param>
    /// <param name="pages">Pages in the file's main directory chain.</param>
    /// <param name="first">Page 0's tags (resolution: pixels per <see cref="Unit"/>).</param>
    /// <exception cref="AxesMetadataException">The axes are ambiguous or contradict the page count.</exception>
    internal SeriesLayout? Layout(string uri, int pages, TiffPageInfo first)
    {
        int c = Channels ?? 1, z = Slices ?? 1, t = Frames ?? 1;
        if (c < 1 || z < 1 || t < 1)
            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch, $"ImageJ description gives an axis of size < 1 (channels={c}, slices={z}, frames={t})");
        if (c == 1 && z == 1 && t == 1) return null;
        long product = (long)c * z * t;
        if (c > 1 && Slices is null && Frames is null && Images is int images && images > c)
            throw new AxesMetadataException(uri, AxesMetadataException.Ambiguous,
                $"ImageJ description says channels={c} for images={images} but gives neither slices nor frames: the {images / Math.Max(c, 1)} planes per channel could be z-slices or time points");
        if (Images is int n && n != product)
            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                $"ImageJ description says images={n} but channels × slices × frames = {c} × {z} × {t} = {product}");
        if (pages != product)
            throw new AxesMetadataException(uri, AxesMetadataException.Mismatch,
                $"the file has {pages} pages but its ImageJ description says channels × slices × frames = {c} × {z} × {t} = {product}");
        var planes = new PlaneLocation[product];
        for (int ti = 0; ti < t; ti++)
        for (int zi = 0; zi < z; zi++)
        for (int ci = 0; ci < c; ci++)
            planes[(ti * z + zi) * c + ci] = new PlaneLocation(uri, ci + c * (zi + z * ti), null);
        // XResolution is pixels per unit (ImageJ writes ResolutionUnit "none" and the unit in the description).
        double? PerPixel(double? resolution) => resolution is > 0 ? PhysicalUnits.ToMicrometres(1 / resolution, Unit) : null;
        var size = new PhysicalSize(PerPixel(first.XResolution), PerPixel(first.YResolution ?? first.XResolution),
            z > 1 ? PhysicalUnits.ToMicrometres(Spacing, Unit) : null,
            t > 1 ? PhysicalUnits.ToSeconds(FrameInterval, TimeUnit ?? "sec") : null);
        return new SeriesLayout(c, z, t, new string?[c], size, planes);
    }
}
