using System.Buffers;

namespace CellActors.Imaging;

/// <summary>
/// Feret (caliper) diameters of an object, on the same convex body as scikit-image's <c>feret_diameter_max</c>:
/// <list type="number">
/// <item>the object's convex image: the pixels whose centres lie inside or on the convex hull of the midpoints of the
/// object's pixel edges (each pixel (x, y) contributes (x ± ½, y) and (x, y ± ½)), as skimage's
/// <c>convex_hull_image</c> with its default offset coordinates;</item>
/// <item>the contour of that convex image at level ½ (skimage's <c>find_contours</c>): the midpoints of the edges
/// between a pixel of the convex image and a 4-neighbour outside it;</item>
/// <item><b>Max</b>: the largest distance between two of those points (skimage <c>feret_diameter_max</c>; a w×h
/// rectangle gives max(sqrt(w² + (h − 1)²), sqrt((w − 1)² + h²)), a single pixel 1);</item>
/// <item><b>Min</b>: the minimum caliper width of the same points: the smallest distance between two parallel lines
/// enclosing them all, found on the edges of their convex hull (rotating calipers). A w×h rectangle gives min(w, h), a
/// single pixel √2/2. CellProfiler's MinFeretDiameter measures the hull of the pixel centres instead, which is about
/// one pixel less (0 for a one-pixel-wide line); this one is on the same body as Max, so Min ≤ Max always.</item>
/// </list>
/// Computed exactly in half-pixel integer coordinates from each row's extreme pixels (the convex hull depends on no
/// others); cost O(rows · hull vertices + hull vertices²) per object.
/// </summary>
public static class FeretDiameters
{
    /// <summary>Max and min Feret diameter of an object given as its rows: (row y, first column, last column) of the
    /// object's pixels in each row it occupies (pixels between them may be missing: the hull is the same).</summary>
    public static (double Max, double Min) FromRows(IReadOnlyList<(int Y, int MinX, int MaxX)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return (0, 0);
        // Scratch arrays from the pool: this runs once per object, and the allocations of the list version cost more
        // than the geometry.
        var pool = ArrayPool<(long X, long Y)>.Shared;
        var ptsArray = pool.Rent(rows.Count * 6);
        var hullArray = pool.Rent(rows.Count * 12);
        (long X, long Y)[]? contourArray = null;
        (long X, long Y)[]? cArray = null;
        try
        {
            // 1. Edge midpoints of the extreme pixels, doubled coordinates (X = 2x, Y = 2y).
            int np = 0;
            int minY = int.MaxValue, maxY = int.MinValue;
            foreach (var (y, a, b) in rows)
            {
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
                long Y = 2L * y;
                ptsArray[np++] = (2L * a - 1, Y); ptsArray[np++] = (2L * b + 1, Y);
                ptsArray[np++] = (2L * a, Y - 1); ptsArray[np++] = (2L * a, Y + 1);
                if (b != a) { ptsArray[np++] = (2L * b, Y - 1); ptsArray[np++] = (2L * b, Y + 1); }
            }
            var hull = hullArray.AsSpan(0, Hull(ptsArray.AsSpan(0, np), hullArray));
            // 2. The convex image, row by row: pixel centres (2x, 2y) inside or on the hull (its rows lie within the object's).
            int n = maxY - minY + 1;
            contourArray = pool.Rent(n * 10);
            cArray = pool.Rent(n * 20);
            var contour = contourArray.AsSpan();
            int nc = 0;
            long prevLo = 1, prevHi = 0;
            (long Lo, long Hi) Row(int i, ReadOnlySpan<(long X, long Y)> h)
            {
                long Y = 2L * (minY + i);
                long l = long.MinValue, r = long.MaxValue;
                for (int k = 0; k < h.Length && l <= r; k++)
                {
                    var p = h[k];
                    var q = h[k + 1 == h.Length ? 0 : k + 1];
                    long ex = q.X - p.X, ey = q.Y - p.Y;
                    // inside (counter-clockwise hull): ex·(Y − p.Y) − ey·(X − p.X) ≥ 0, i.e. ey·X ≤ ex·(Y − p.Y) + ey·p.X, X = 2x
                    long rhs = ex * (Y - p.Y) + ey * p.X;
                    if (ey > 0) r = Math.Min(r, FloorDiv(rhs, 2 * ey));
                    else if (ey < 0) l = Math.Max(l, CeilDiv(-rhs, -2 * ey));
                    else if (rhs - ey * p.X < 0) { l = 1; r = 0; }
                }
                return (l, r);
            }
            // 3. Contour points of the convex image: left and right ends of each row, and along each horizontal pixel edge
            //    the ends of the stretches whose neighbour row lacks the pixel (only extremes can be hull vertices).
            var (lo, hi) = Row(0, hull);
            for (int i = 0; i < n; i++)
            {
                var (nextLo, nextHi) = i < n - 1 ? Row(i + 1, hull) : (1L, 0L);
                if (lo <= hi)
                {
                    long Y = 2L * (minY + i);
                    contour[nc++] = (2 * lo - 1, Y);
                    contour[nc++] = (2 * hi + 1, Y);
                    AddExposed(contour, ref nc, lo, hi, prevLo, prevHi, Y - 1);
                    AddExposed(contour, ref nc, lo, hi, nextLo, nextHi, Y + 1);
                }
                (prevLo, prevHi) = (lo, hi);
                (lo, hi) = (nextLo, nextHi);
            }
            var c = cArray.AsSpan(0, Hull(contour[..nc], cArray));
            long maxSq = 0;
            for (int i = 0; i < c.Length; i++)
                for (int j = i + 1; j < c.Length; j++)
                {
                    long dx = c[i].X - c[j].X, dy = c[i].Y - c[j].Y;
                    maxSq = Math.Max(maxSq, dx * dx + dy * dy);
                }
            double minWidth = double.PositiveInfinity;
            for (int k = 0; k < c.Length; k++)
            {
                var p = c[k];
                var q = c[k + 1 == c.Length ? 0 : k + 1];
                long ex = q.X - p.X, ey = q.Y - p.Y;
                long far = 0;
                foreach (var v in c) far = Math.Max(far, Math.Abs(ex * (v.Y - p.Y) - ey * (v.X - p.X)));
                minWidth = Math.Min(minWidth, far / Math.Sqrt((double)ex * ex + (double)ey * ey));
            }
            if (c.Length < 3) minWidth = 0;
            return (Math.Sqrt(maxSq) / 2, minWidth / 2);
        }
        finally
        {
            pool.Return(ptsArray);
            pool.Return(hullArray);
            if (contourArray is not null) pool.Return(contourArray);
            if (cArray is not null) pool.Return(cArray);
        }
    }

    /// <summary>Adds the ends of the stretches of [lo, hi] outside [nlo, nhi] at doubled row <paramref name="y2"/>.</summary>
    private static void AddExposed(Span<(long X, long Y)> into, ref int count, long lo, long hi, long nlo, long nhi, long y2)
    {
        if (nlo > nhi) { into[count++] = (2 * lo, y2); into[count++] = (2 * hi, y2); return; }
        if (lo < nlo) { into[count++] = (2 * lo, y2); into[count++] = (2 * Math.Min(hi, nlo - 1), y2); }
        if (hi > nhi) { into[count++] = (2 * Math.Max(lo, nhi + 1), y2); into[count++] = (2 * hi, y2); }
    }

    /// <summary>
    /// Convex hull, counter-clockwise, without collinear points (Andrew's monotone chain), written to the start of
    /// <paramref name="hull"/> (at least twice as long as <paramref name="points"/>); returns its vertex count.
    /// <paramref name="points"/> is sorted (X, then Y) and deduplicated in place.
    /// </summary>
    private static int Hull(Span<(long X, long Y)> points, (long X, long Y)[] hull)
    {
        points.Sort(default(ByXThenY));
        int m = 0;
        for (int i = 0; i < points.Length; i++)
            if (m == 0 || points[i] != points[m - 1]) points[m++] = points[i];
        var p = points[..m];
        if (m < 3)
        {
            p.CopyTo(hull);
            return m;
        }
        var h = hull;
        int k = 0;
        for (int i = 0; i < m; i++)
        {
            while (k >= 2 && Cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
            h[k++] = p[i];
        }
        for (int i = m - 2, t = k + 1; i >= 0; i--)
        {
            while (k >= t && Cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
            h[k++] = p[i];
        }
        return k - 1;
    }

    private readonly struct ByXThenY : IComparer<(long X, long Y)>
    {
        public int Compare((long X, long Y) a, (long X, long Y) b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y);
    }

    private static long Cross((long X, long Y) o, (long X, long Y) a, (long X, long Y) b)
        => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);

    private static long FloorDiv(long a, long b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
