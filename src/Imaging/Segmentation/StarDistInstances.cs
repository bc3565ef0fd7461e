namespace CellActors.Imaging;

/// <summary>
/// Instances from StarDist 2D outputs (pure image code, no ONNX Runtime), with StarDist's semantics: every grid point whose
/// object probability exceeds <see cref="StarDistOptions.ProbThreshold"/> is a candidate star-convex polygon centred on it,
/// with vertex k at distance d_k along the ray at angle φ_k = 2πk / n_rays (<see cref="RayAngles"/>): y = cy + d_k·sin φ_k,
/// x = cx + d_k·cos φ_k. Candidates are taken in descending probability; one is suppressed when its polygon's IoU with an
/// already kept polygon exceeds <see cref="StarDistOptions.NmsThreshold"/> (IoU of the rasterised polygons: pixel centres
/// inside). The kept polygons are painted into the label image from the least to the most probable, so more probable
/// polygons win where they overlap (as StarDist's <c>polygons_to_label</c>). Labels run 1..Count in raster order of first pixel.
/// </summary>
public static class StarDistInstances
{
    /// <summary>The ray angles of StarDist 2D: 2πk / <paramref name="nRays"/>, k = 0..n_rays-1 (ray 0 along +x, ray n_rays/4 along +y).</summary>
    public static double[] RayAngles(int nRays)
    {
        if (nRays < 3) throw new ArgumentOutOfRangeException(nameof(nRays), nRays, "a star-convex polygon needs at least 3 rays");
        var a = new double[nRays];
        for (var k = 0; k < nRays; k++) a[k] = 2 * Math.PI * k / nRays;
        return a;
    }

    /// <summary>
    /// Instances of a <paramref name="height"/> × <paramref name="width"/> frame from StarDist maps computed at
    /// <paramref name="grid"/> subsampling: <paramref name="prob"/> holds <paramref name="gridHeight"/> × <paramref name="gridWidth"/>
    /// object probabilities (row-major; grid point (i, j) is the frame pixel (i·grid, j·grid)), <paramref name="dist"/> the
    /// n_rays distance planes one after the other (as the channels of an NCHW output), in frame pixels.
    /// </summary>
    /// <exception cref="ArgumentException">The maps' lengths do not fit the sizes.</exception>
    public static LabelImage FromRays(ReadOnlySpan<float> prob, ReadOnlySpan<float> dist, int gridHeight, int gridWidth, int grid, int height, int width, StarDistOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (grid < 1) throw new ArgumentOutOfRangeException(nameof(grid), grid, "grid must be at least 1");
        var plane = gridHeight * gridWidth;
        if (prob.Length != plane) throw new ArgumentException($"prob holds {prob.Length} values, a {gridHeight}x{gridWidth} grid needs {plane}", nameof(prob));
        if (plane == 0 || dist.Length % plane != 0) throw new ArgumentException($"dist holds {dist.Length} values: not a whole number of {gridHeight}x{gridWidth} planes", nameof(dist));
        var nRays = dist.Length / plane;
        var angles = RayAngles(nRays);
        var (sin, cos) = (angles.Select(Math.Sin).ToArray(), angles.Select(Math.Cos).ToArray());

        var candidates = new List<(float P, int I)>();
        var thr = (float)o.ProbThreshold;
        for (var i = 0; i < plane; i++)
        {
            var cy = i / gridWidth * grid;
            var cx = i % gridWidth * grid;
            if (prob[i] > thr && cy < height && cx < width) candidates.Add((prob[i], i));
        }
        candidates.Sort((a, b) => a.P != b.P ? b.P.CompareTo(a.P) : a.I.CompareTo(b.I));

        var kept = new List<(float P, Polygon Poly)>();
        var vy = new double[nRays];
        var vx = new double[nRays];
        foreach (var (p, i) in candidates)
        {
            double cy = i / gridWidth * grid, cx = i % gridWidth * grid;
            for (var k = 0; k < nRays; k++)
            {
                var d = Math.Max(0, dist[k * plane + i]);
                vy[k] = cy + d * sin[k];
                vx[k] = cx + d * cos[k];
            }
            var poly = Polygon.Rasterise(vy, vx, height, width);
            if (poly.Area == 0) continue;
            var suppressed = false;
            foreach (var (_, q) in kept)
            {
                if (poly.IoU(q) > o.NmsThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) kept.Add((p, poly));
        }

        var labels = new int[height * width];
        for (var n = kept.Count - 1; n >= 0; n--) kept[n].Poly.Paint(labels, width, n + 1);
        return InstanceLabels.Finish(labels, height, width, kept.Count, o.MinArea);
    }

    /// <summary>A polygon rasterised in its bounding box (pixel centres inside, even-odd rule), clipped to the frame.</summary>
    private sealed class Polygon
    {
        private Polygon(int y0, int x0, int h, int w, bool[] mask, int area) => (Y0, X0, H, W, Mask, Area) = (y0, x0, h, w, mask, area);

        public int Y0 { get; }
        public int X0 { get; }
        public int H { get; }
        public int W { get; }
        public bool[] Mask { get; }
        public int Area { get; }

        public static Polygon Rasterise(double[] vy, double[] vx, int height, int width)
        {
            int y0 = Math.Max(0, (int)Math.Ceiling(vy.Min())), y1 = Math.Min(height - 1, (int)Math.Floor(vy.Max()));
            int x0 = Math.Max(0, (int)Math.Ceiling(vx.Min())), x1 = Math.Min(width - 1, (int)Math.Floor(vx.Max()));
            if (y1 < y0 || x1 < x0) return new Polygon(0, 0, 0, 0, [], 0);
            int h = y1 - y0 + 1, w = x1 - x0 + 1, area = 0, n = vy.Length;
            var mask = new bool[h * w];
            var xs = new List<double>(8);
            for (var r = y0; r <= y1; r++)
            {
                xs.Clear();
                for (int a = 0, b = n - 1; a < n; b = a++)
                {
                    if ((vy[a] <= r) != (vy[b] <= r))
                        xs.Add(vx[a] + (r - vy[a]) * (vx[b] - vx[a]) / (vy[b] - vy[a]));
                }
                xs.Sort();
                for (var k = 0; k + 1 < xs.Count; k += 2)
                {
                    int c0 = Math.Max(x0, (int)Math.Ceiling(xs[k])), c1 = Math.Min(x1, (int)Math.Floor(xs[k + 1]));
                    for (var c = c0; c <= c1; c++)
                    {
                        ref var m = ref mask[(r - y0) * w + c - x0];
                        if (!m) area++;
                        m = true;
                    }
                }
            }
            return new Polygon(y0, x0, h, w, mask, area);
        }

        public double IoU(Polygon q)
        {
            int ya = Math.Max(Y0, q.Y0), yb = Math.Min(Y0 + H, q.Y0 + q.H), xa = Math.Max(X0, q.X0), xb = Math.Min(X0 + W, q.X0 + q.W);
            if (ya >= yb || xa >= xb) return 0;
            var inter = 0;
            for (var y = ya; y < yb; y++)
                for (var x = xa; x < xb; x++)
                    if (Mask[(y - Y0) * W + x - X0] && q.Mask[(y - q.Y0) * q.W + x - q.X0]) inter++;
            return inter / (double)(Area + q.Area - inter);
        }

        public void Paint(int[] labels, int width, int label)
        {
            for (var y = 0; y < H; y++)
                for (var x = 0; x < W; x++)
                    if (Mask[y * W + x]) labels[(Y0 + y) * width + X0 + x] = label;
        }
    }
}
