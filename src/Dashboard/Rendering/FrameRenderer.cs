using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.Dashboard.Rendering;

/// <summary>
/// Renders a raw frame for the browser: contrast-stretched to 8 bits (robust percentiles of 8-bit, 16-bit or float
/// data), mask outlines drawn over it, coloured by track when the objects are tracked, PNG-encoded.
/// </summary>
public static class FrameRenderer
{
    /// <summary>Lower percentile mapped to black.</summary>
    public const double LowPercentile = 0.5;

    /// <summary>Upper percentile mapped to white.</summary>
    public const double HighPercentile = 99.8;

    /// <summary>Outline colour (B, G, R) of untracked objects.</summary>
    public static readonly (byte B, byte G, byte R) Untracked = (0, 230, 255);

    /// <summary>Outline colour (B, G, R) of the selected object.</summary>
    public static readonly (byte B, byte G, byte R) Selected = (255, 0, 255);

    /// <summary>Renders <paramref name="raw"/> (CV_8UC1, CV_16UC1 or CV_32FC1) with the outlines of <paramref name="masks"/>; returns PNG bytes.</summary>
    public static byte[] RenderPng(Mat raw, IReadOnlyList<MaskOutline> masks, int? selectedLabel = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(masks);
        int h = raw.Rows, w = raw.Cols;
        var gray = Stretch(raw);
        var bgr = new byte[h * w * 3];
        for (int i = 0, j = 0; i < gray.Length; i++, j += 3) bgr[j] = bgr[j + 1] = bgr[j + 2] = gray[i];

        if (masks.Count > 0)
        {
            var labels = new int[h * w];
            for (var k = 0; k < masks.Count; k++)
            {
                try
                {
                    Rle.DecodeInto(masks[k].Rle, k + 1, labels, h, w);
                }
                catch (MalformedRleException)
                {
                    // A mask that does not fit this frame (or overlaps another) is not drawn; the rest still is.
                }
            }
            var colours = new (byte B, byte G, byte R)[masks.Count + 1];
            for (var k = 0; k < masks.Count; k++)
                colours[k + 1] = masks[k].Label == selectedLabel ? Selected : masks[k].TrackId is { } t ? TrackColour(t) : Untracked;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var p = y * w + x;
                    var l = labels[p];
                    if (l == 0) continue;
                    var edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || labels[p - 1] != l || labels[p + 1] != l || labels[p - w] != l || labels[p + w] != l;
                    if (!edge) continue;
                    var c = colours[l];
                    bgr[3 * p] = c.B; bgr[3 * p + 1] = c.G; bgr[3 * p + 2] = c.R;
                }
            }
        }

        using var mat = Mat.FromPixelData(h, w, MatType.CV_8UC3, bgr);
        Cv2.ImEncode(".png", mat, out var png, new ImageEncodingParam(ImwriteFlags.PngCompression, 1));
        return png;
    }

    /// <summary>A distinct, bright colour (B, G, R) per track id (golden-ratio hues).</summary>
    public static (byte B, byte G, byte R) TrackColour(long trackId)
    {
        var hue = (trackId * 0.618033988749895 % 1 + 1) % 1 * 6;
        var i = (int)hue;
        var f = hue - i;
        byte v = 255, p = 60, q = (byte)(255 - 195 * f), t = (byte)(60 + 195 * f);
        var (r, g, b) = i switch { 0 => (v, t, p), 1 => (q, v, p), 2 => (p, v, t), 3 => (p, q, v), 4 => (t, p, v), _ => (v, p, q) };
        return (b, g, r);
    }

    /// <summary>Maps the frame to 8 bits: values at or below the low percentile black, at or above the high one white.</summary>
    public static byte[] Stretch(Mat raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var m = raw.Clone(); // continuous, whatever the input's layout
        var n = m.Rows * m.Cols;
        var gray = new byte[n];
        if (m.Type() == MatType.CV_8UC1)
        {
            m.GetArray(out byte[] a);
            var (lo, hi) = HistogramPercentiles(a.Select(v => (int)v), 256, n);
            Map(a.Length, i => a[i], lo, hi, gray);
        }
        else if (m.Type() == MatType.CV_16UC1)
        {
            m.GetArray(out ushort[] a);
            var hist = new int[65536];
            foreach (var v in a) hist[v]++;
            var (lo, hi) = Percentiles(hist, n);
            Map(a.Length, i => a[i], lo, hi, gray);
        }
        else if (m.Type() == MatType.CV_32FC1)
        {
            m.GetArray(out float[] a);
            var sample = a.Length <= 1 << 20 ? (float[])a.Clone() : a.Where((_, i) => i % (a.Length / (1 << 20) + 1) == 0).ToArray();
            Array.Sort(sample);
            double lo = sample.Length > 0 ? sample[(int)((sample.Length - 1) * LowPercentile / 100)] : 0;
            double hi = sample.Length > 0 ? sample[(int)((sample.Length - 1) * HighPercentile / 100)] : 1;
            Map(a.Length, i => a[i], lo, hi, gray);
        }
        else
        {
            throw new ArgumentException($"unsupported pixel type {m.Type()} (expected 8-bit, 16-bit or float single channel)", nameof(raw));
        }
        return gray;
    }

    private static (double Lo, double Hi) HistogramPercentiles(IEnumerable<int> values, int bins, int n)
    {
        var hist = new int[bins];
        foreach (var v in values) hist[v]++;
        return Percentiles(hist, n);
    }

    private static (double Lo, double Hi) Percentiles(int[] hist, int n)
    {
        long loCount = (long)(n * LowPercentile / 100), hiCount = (long)Math.Ceiling(n * HighPercentile / 100);
        int lo = 0, hi = hist.Length - 1;
        long acc = 0;
        var foundLo = false;
        for (var v = 0; v < hist.Length; v++)
        {
            acc += hist[v];
            if (!foundLo && acc > loCount) { lo = v; foundLo = true; }
            if (acc >= hiCount) { hi = v; break; }
        }
        return (lo, hi);
    }

    private static void Map(int n, Func<int, double> value, double lo, double hi, byte[] gray)
    {
        var scale = hi > lo ? 255.0 / (hi - lo) : 0;
        for (var i = 0; i < n; i++)
        {
            var v = (value(i) - lo) * scale;
            gray[i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5);
        }
    }
}
