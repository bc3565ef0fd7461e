namespace CellActors.Imaging.Contours;

/// <summary>
/// Traces the exact outline of a binary mask along pixel edges ("crack following"): every edge between a mask pixel
/// and a background pixel (or the image border) becomes part of exactly one ring, collinear edges are merged, and the
/// rings are grouped into polygons with holes. Pixels that touch only at a corner are separate polygons
/// (4-connectivity); a background region touching the outside only at a corner is part of the outside. Filling each
/// polygon's outer ring minus its holes with the pixel-centre rule (pixel (x, y) is inside when (x + 0.5, y + 0.5) is)
/// gives the mask back exactly, pixel for pixel.
/// </summary>
public static class MaskPolygons
{
    // Directions: 0 east (+x), 1 south (+y), 2 west (-x), 3 north (-y). The mask is always on the right of an edge.
    private static readonly int[] Dx = [1, 0, -1, 0];
    private static readonly int[] Dy = [0, 1, 0, -1];

    /// <summary>The polygons of the pixels of <paramref name="labels"/> equal to <paramref name="label"/> (row-major, <paramref name="height"/> × <paramref name="width"/>).</summary>
    public static IReadOnlyList<MaskPolygon> Trace(ReadOnlySpan<int> labels, int height, int width, int label)
    {
        if (labels.Length != (long)height * width) throw new ArgumentException($"labels hold {labels.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(labels));
        // Crop to the label's bounding box so the work is proportional to the object, not the frame.
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++)
        {
            var row = labels.Slice(y * width, width);
            int first = row.IndexOf(label);
            if (first < 0) continue;
            int last = row.LastIndexOf(label);
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last);
            y0 = Math.Min(y0, y);
            y1 = y;
        }
        if (x1 < 0) return [];
        int h = y1 - y0 + 1, w = x1 - x0 + 1;
        var mask = new bool[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                mask[y * w + x] = labels[(y + y0) * width + x + x0] == label;
        return Offset(Trace(mask, h, w), x0, y0);
    }

    /// <summary>The polygons of a row-major binary mask of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static IReadOnlyList<MaskPolygon> Trace(ReadOnlySpan<bool> mask, int height, int width)
    {
        if (mask.Length != (long)height * width) throw new ArgumentException($"mask holds {mask.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(mask));
        int vw = width + 1;
        var outgoing = new byte[(height + 1) * vw]; // bit d: an unused edge leaves this corner in direction d
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!mask[y * width + x]) continue;
                if (y == 0 || !mask[(y - 1) * width + x]) outgoing[y * vw + x] |= 1;                // top: (x, y) east
                if (x + 1 == width || !mask[y * width + x + 1]) outgoing[y * vw + x + 1] |= 2;            // right: (x+1, y) south
                if (y + 1 == height || !mask[(y + 1) * width + x]) outgoing[(y + 1) * vw + x + 1] |= 4;      // bottom: (x+1, y+1) west
                if (x == 0 || !mask[y * width + x - 1]) outgoing[(y + 1) * vw + x] |= 8;          // left: (x, y+1) north
            }
        }
        var used = new byte[outgoing.Length];
        var rings = new List<(List<int> Ring, int Px, int Py)>();
        for (int v = 0; v < outgoing.Length; v++)
        {
            while ((outgoing[v] & ~used[v]) != 0)
            {
                int d0 = System.Numerics.BitOperations.TrailingZeroCount((uint)(outgoing[v] & ~used[v]));
                int sx = v % vw, sy = v / vw;
                var ring = new List<int>();
                int x = sx, y = sy, d = d0;
                // The mask pixel on the right of the first edge: it places a hole in its polygon.
                int px = d switch { 0 => x, 1 => x - 1, 2 => x - 1, _ => x }, py = d switch { 0 => y, 1 => y, 2 => y - 1, _ => y - 1 };
                while (true)
                {
                    ring.Add(x);
                    ring.Add(y);
                    used[y * vw + x] |= (byte)(1 << d);
                    x += Dx[d];
                    y += Dy[d];
                    int avail = outgoing[y * vw + x];
                    // Prefer the right turn (keeps pixels that touch at a corner apart), then straight, then left:
                    // on the full edge set this is a one-to-one successor, so every ring closes on its first edge.
                    int next = -1;
                    foreach (int turn in (ReadOnlySpan<int>)[1, 0, 3])
                    {
                        int c = (d + turn) & 3;
                        if ((avail & (1 << c)) != 0) { next = c; break; }
                    }
                    if (next < 0) throw new InvalidOperationException("unclosed boundary (a bug)");
                    if (x == sx && y == sy && next == d0) break;
                    d = next;
                }
                rings.Add((Close(ring), px, py));
            }
        }
        // Split rings by orientation: outer rings have a positive shoelace area (mask on the right, y down), holes negative.
        var polygons = new List<(List<int> Outer, long Area, List<IReadOnlyList<int>> Holes)>();
        var holeRings = new List<(List<int> Ring, int Px, int Py)>();
        foreach (var r in rings)
        {
            long a = TwiceArea(r.Ring);
            if (a > 0) polygons.Add((r.Ring, a, []));
            else holeRings.Add(r);
        }
        foreach (var hole in holeRings)
        {
            double cx = hole.Px + 0.5, cy = hole.Py + 0.5;
            int best = -1;
            for (int i = 0; i < polygons.Count; i++)
                if (Contains(polygons[i].Outer, cx, cy) && (best < 0 || polygons[i].Area < polygons[best].Area)) best = i;
            if (best < 0) throw new InvalidOperationException("a hole outside every outer ring (a bug)");
            polygons[best].Holes.Add(hole.Ring);
        }
        return polygons.Select(p => new MaskPolygon(p.Outer, p.Holes)).ToList();
    }

    /// <summary>True when (<paramref name="x"/>, <paramref name="y"/>) is inside the closed ring (even-odd rule; never on an edge for pixel centres).</summary>
    public static bool Contains(IReadOnlyList<int> ring, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(ring);
        bool inside = false;
        for (int i = 0, j = ring.Count - 2; i < ring.Count; j = i, i += 2)
        {
            double xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    private static List<int> Close(List<int> ring)
    {
        // Drop vertices that lie on a straight run (the start vertex may be one), then repeat the first vertex.
        var pts = new List<(int X, int Y)>();
        for (int i = 0; i < ring.Count; i += 2) pts.Add((ring[i], ring[i + 1]));
        if (pts.Count > 1 && pts[^1] == pts[0]) pts.RemoveAt(pts.Count - 1);
        var kept = new List<(int X, int Y)>();
        for (int i = 0; i < pts.Count; i++)
        {
            var a = pts[(i + pts.Count - 1) % pts.Count];
            var b = pts[i];
            var c = pts[(i + 1) % pts.Count];
            long cross = (long)(b.X - a.X) * (c.Y - b.Y) - (long)(b.Y - a.Y) * (c.X - b.X);
            if (cross != 0) kept.Add(b);
        }
        var closed = new List<int>(kept.Count * 2 + 2);
        foreach (var p in kept) { closed.Add(p.X); closed.Add(p.Y); }
        closed.Add(kept[0].X);
        closed.Add(kept[0].Y);
        return closed;
    }

    private static long TwiceArea(List<int> ring)
    {
        long s = 0;
        for (int i = 0; i + 3 < ring.Count; i += 2) s += (long)ring[i] * ring[i + 3] - (long)ring[i + 2] * ring[i + 1];
        return s;
    }

    private static List<MaskPolygon> Offset(IReadOnlyList<MaskPolygon> polygons, int dx, int dy)
    {
        static int[] Shift(IReadOnlyList<int> ring, int dx, int dy)
        {
            var r = new int[ring.Count];
            for (int i = 0; i < r.Length; i += 2) { r[i] = ring[i] + dx; r[i + 1] = ring[i + 1] + dy; }
            return r;
        }
        return polygons.Select(p => new MaskPolygon(Shift(p.Outer, dx, dy), p.Holes.Select(h => (IReadOnlyList<int>)Shift(h, dx, dy)).ToList())).ToList();
    }
}
