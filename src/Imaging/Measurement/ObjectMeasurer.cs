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
/// <item><b>MajorAxisLength</b>, <b>MinorAxisLength</b>, <b>Orientation</b>: the ellipse with the same second central
/// moments, as skimage regionprops (<see cref="EllipseMoments"/>): 4·sqrt(λ1), 4·sqrt(λ2), and the angle in radians
/// in [−π/2, π/2] between the row axis and the major axis.</item>
/// <item><b>Extent</b>: Area / (BboxWidth · BboxHeight), as skimage and CellProfiler.</item>
/// <item><b>FeretDiameterMax</b>, <b>FeretDiameterMin</b>: the largest distance and the minimum caliper width of the
/// contour of the object's convex image (<see cref="FeretDiameters"/>; Max equals skimage's <c>feret_diameter_max</c>).</item>
/// <item><b>FormFactor</b>: 4π · Area / Perimeter² with the crack perimeter above (CellProfiler's FormFactor formula; with
/// the crack perimeter a large digital disc tends to π/4, a square gives π/4 exactly, so compare objects with each other,
/// not with 1).</item>
/// <item><b>Compactness</b>: 2π · (mean squared distance of the object's pixels from its centroid) / Area = 2π (σx² + σy²)
/// / Area, CellProfiler's moment-based Compactness (CellProfiler 2–3, centrosome <c>ellipse_from_second_moments</c>):
/// about 1 for a filled disc, larger for elongated or holed objects. (CellProfiler 4 redefined it as
/// Perimeter² / (4π·Area), which is 1 / FormFactor here.)</item>
/// <item><b>EulerNumber</b>: 8-connected components minus holes (<see cref="LabelTopology"/>), as skimage for 2D.</item>
/// <item><b>Neighbours</b>: the number of other labels touching the object (8-adjacent: sharing an edge or a corner,
/// no gap; <see cref="LabelTopology"/>).</item>
/// <item><b>NearestNeighbourDistance</b>: the distance between its centroid and the nearest other object's centroid in
/// the same label image (<see cref="NearestNeighbours"/>); NaN when it is the only object.</item>
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
        var (euler, neighbours) = LabelTopology.Measure(labels);
        var result = new List<ObjectMeasurement>();
        var rows = new List<(int Y, int MinX, int MaxX)>();
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
            bool equalVariances = (Int128)a.N * a.Sxx - (Int128)a.Sx * a.Sx == (Int128)a.N * a.Syy - (Int128)a.Sy * a.Sy;
            var (l1, l2) = EllipseMoments.Eigenvalues(vxx, vyy, vxy);
            double ecc = l1 > 0 ? Math.Sqrt(Math.Max(0, 1 - l2 / l1)) : 0;
            long hullPixels = HullLatticeCount(a.Extremes);
            rows.Clear();
            foreach (var e in a.Extremes)
            {
                var (x, y) = Unpack(e);
                if (rows.Count > 0 && rows[^1].Y == y) rows[^1] = (rows[^1].Y, rows[^1].MinX, (int)x);
                else rows.Add(((int)y, (int)x, (int)x));
            }
            var (feretMax, feretMin) = FeretDiameters.FromRows(rows);
            int bw = a.MaxX - a.MinX + 1, bh = a.MaxY - a.MinY + 1;
            result.Add(new ObjectMeasurement(l, a.N, cx, cy, a.MinX, a.MinY, bw, bh,
                a.Perimeter, ecc, Math.Min(1.0, a.N / (double)hullPixels), Math.Sqrt(4 * n / Math.PI),
                MajorAxisLength: 4 * Math.Sqrt(l1), MinorAxisLength: 4 * Math.Sqrt(l2),
                Orientation: EllipseMoments.Orientation(vxx, vyy, vxy, equalVariances),
                Extent: n / ((double)bw * bh), FeretDiameterMax: feretMax, FeretDiameterMin: feretMin,
                FormFactor: 4 * Math.PI * n / ((double)a.Perimeter * a.Perimeter),
                Compactness: 2 * Math.PI * (vxx + vyy) / n,
                EulerNumber: euler[l], Neighbours: neighbours[l], NearestNeighbourDistance: double.NaN));
        }
        var nearest = NearestNeighbours.Distances(result.Select(m => (m.CentroidX, m.CentroidY)).ToList());
        for (int i = 0; i < result.Count; i++) result[i] = result[i] with { NearestNeighbourDistance = nearest[i] };
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
