using System.Numerics;

namespace CellActors.Imaging;

/// <summary>
/// Measures every label present in a <see cref="LabelImage"/> in one pass over the labels, plus a convex hull per
/// object built from the extreme pixels of each of its rows. Definitions:
/// <list type="bullet">
/// <item><b>Area</b>: pixel count. <b>Centroid</b>: mean column (x) and mean row (y) of the pixels.</item>
/// <item><b>Bbox</b>: min column, min row, and width/height in pixels (max - min + 1).</item>
/// <item><b>Perimeter</b>: the crack length — the number of unit pixel edges that separate the object from anything
/// else (background, another label, or the image border), inner hole boundaries included. A w×h rectangle has
/// 2(w + h).</item>
/// <item><b>Eccentricity</b>: as skimage regionprops: sqrt(1 - λ2/λ1) with λ1 ≥ λ2 the eigenvalues of the
/// population covariance of the pixel coordinates; 0 for a disc, square or single pixel, 1 for a line.</item>
/// <item><b>Solidity</b>: area / hull pixel count, where the hull is the convex hull of the object's pixel centres and its
/// pixel count is the number of pixel centres inside or on it, counted exactly with Pick's theorem
/// (A + B/2 + 1). A solid rectangle (or any convex-lattice shape) gives exactly 1.</item>
/// <item><b>EquivalentDiameter</b>: sqrt(4 · Area / π), the diameter of the disc of the same area.</item>
/// </list>
/// </summary>
public static class ObjectMeasurer
{
    private sealed class Acc
    {
        public long N, Sx, Sy, Sxx, Syy, Sxy, Perimeter;
        public int MinX = int.MaxValue, MinY = int.MaxValue, MaxX = -1, MaxY = -1;
        public int RowY = -1, RowMin, RowMax;
        public readonly List<long> Extremes = new(); // packed (y << 32 | x), sorted by (y, x)

        public void Flush()
        {
            if (RowY < 0) return;
            Extremes.Add(((long)RowY << 32) | (uint)RowMin);
            if (RowMax != RowMin) Extremes.Add(((long)RowY << 32) | (uint)RowMax);
        }
    }

    /// <summary>One measurement per label present, ordered by label.</summary>
    public static ObjectMeasurement[] Measure(LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int h = labels.Height, w = labels.Width;
        var lab = labels.Labels;
        int maxLabel = labels.Count;
        int maxPresent = MaxOf(lab);
        if (maxPresent > maxLabel) maxLabel = maxPresent;
        var acc = new Acc?[maxLabel + 1];
        for (int y = 0; y < h; y++)
        {
            int row = y * w;
            var cur = lab.AsSpan(row, w);
            // Neighbour rows (empty at the image border: every pixel there is a perimeter edge).
            var up = y > 0 ? lab.AsSpan(row - w, w) : default;
            var down = y < h - 1 ? lab.AsSpan(row + w, w) : default;
            int x = 0;
            while (x < w)
            {
                int k = cur[x..].IndexOfAnyExcept(0);
                if (k < 0) break;
                x += k;
                int l = cur[x];
                int start = x;
                int run = cur[x..].IndexOfAnyExcept(l);
                x = run < 0 ? w : x + run;
                if (l < 0) continue;
                int end = x - 1; // run [start, end] of label l on row y
                var a = acc[l] ??= new Acc();
                int len = end - start + 1;
                a.N += len;
                long sumX = (long)(start + end) * len / 2;
                a.Sx += sumX;
                a.Sy += (long)y * len;
                a.Sxx += SumSquares(end) - SumSquares(start - 1);
                a.Syy += (long)y * y * len;
                a.Sxy += (long)y * sumX;
                if (start < a.MinX) a.MinX = start;
                if (end > a.MaxX) a.MaxX = end;
                if (y < a.MinY) a.MinY = y;
                a.MaxY = y;
                if (a.RowY != y) { a.Flush(); a.RowY = y; a.RowMin = start; }
                a.RowMax = end;
                // Crack perimeter: the two run ends, plus every run pixel whose upper/lower neighbour differs.
                long p = 2 + 2L * len;
                if (!up.IsEmpty) p -= up.Slice(start, len).Count(l);
                if (!down.IsEmpty) p -= down.Slice(start, len).Count(l);
                a.Perimeter += p;
            }
        }
        var result = new List<ObjectMeasurement>();
        for (int l = 1; l <= maxLabel; l++)
        {
            var a = acc[l];
            if (a is null) continue;
            a.Flush();
            double n = a.N;
            double cx = a.Sx / n, cy = a.Sy / n;
            // Central second moments, exact in integer arithmetic: n²·var = n·Σx² - (Σx)².
            double vxx = (double)((Int128)a.N * a.Sxx - (Int128)a.Sx * a.Sx) / (n * n);
            double vyy = (double)((Int128)a.N * a.Syy - (Int128)a.Sy * a.Sy) / (n * n);
            double vxy = (double)((Int128)a.N * a.Sxy - (Int128)a.Sx * a.Sy) / (n * n);
            double half = (vxx + vyy) / 2, root = Math.Sqrt((vxx - vyy) * (vxx - vyy) / 4 + vxy * vxy);
            double l1 = half + root, l2 = Math.Max(0, half - root);
            double ecc = l1 > 0 ? Math.Sqrt(Math.Max(0, 1 - l2 / l1)) : 0;
            long hullPixels = HullLatticeCount(a.Extremes);
            result.Add(new ObjectMeasurement(l, a.N, cx, cy, a.MinX, a.MinY, a.MaxX - a.MinX + 1, a.MaxY - a.MinY + 1,
                a.Perimeter, ecc, Math.Min(1.0, a.N / (double)hullPixels), Math.Sqrt(4 * n / Math.PI)));
        }
        return result.ToArray();
    }

    private static int MaxOf(int[] values)
    {
        int i = 0, max = int.MinValue;
        var span = values.AsSpan();
        if (Vector.IsHardwareAccelerated && span.Length >= Vector<int>.Count)
        {
            var vmax = new Vector<int>(int.MinValue);
            for (; i <= span.Length - Vector<int>.Count; i += Vector<int>.Count) vmax = Vector.Max(vmax, new Vector<int>(span[i..]));
            for (int k = 0; k < Vector<int>.Count; k++) max = Math.Max(max, vmax[k]);
        }
        for (; i < span.Length; i++) max = Math.Max(max, span[i]);
        return max;
    }

    private static long SumSquares(long k) => k < 0 ? 0 : k * (k + 1) * (2 * k + 1) / 6;

    /// <summary>Lattice points inside or on the convex hull of the points (sorted by (y, x)), by Pick's theorem.</summary>
    internal static long HullLatticeCount(List<long> packed)
    {
        int n = packed.Count;
        if (n == 0) return 0;
        var hull = new (long X, long Y)[2 * n];
        int k = 0;
        // Andrew's monotone chain with (y, x) as the sort order.
        for (int i = 0; i < n; i++)
        {
            var p = Unpack(packed[i]);
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
            hull[k++] = p;
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--)
        {
            var p = Unpack(packed[i]);
            while (k >= t && Cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
            hull[k++] = p;
        }
        int m = Math.Max(1, k - 1); // last point repeats the first
        if (n == 1) return 1;
        long twiceArea = 0, boundary = 0;
        for (int i = 0; i < m; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % m];
            twiceArea += a.X * b.Y - b.X * a.Y;
            boundary += Gcd(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y));
        }
        twiceArea = Math.Abs(twiceArea);
        return (twiceArea + boundary) / 2 + 1;
    }

    private static (long X, long Y) Unpack(long v) => ((uint)(v & 0xFFFFFFFF), v >> 32);

    private static long Cross((long X, long Y) o, (long X, long Y) a, (long X, long Y) b)
        => (a.Y - o.Y) * (b.X - o.X) - (a.X - o.X) * (b.Y - o.Y);

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
