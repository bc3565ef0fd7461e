using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Splitting of touching objects by a seeded watershed on the distance transform (like scikit-image's
/// <c>segmentation.watershed(-distance, markers=peak_local_max(distance, min_distance), mask=mask)</c>, restricted to the
/// components that hold two or more seeds).
/// </summary>
public static class DistanceWatershed
{
    /// <summary>
    /// Splits the components of <paramref name="labels"/> (from <see cref="Components.Label"/> of <paramref name="mask"/>,
    /// labels below <paramref name="labelCount"/>) that hold two or more seeds. Seeds are the 8-connected plateaus of
    /// local maxima of the mask's Euclidean distance transform, smoothed with a Gaussian of σ = clamp(r / 3, 1, 2) and
    /// compared over a (2r + 1)² window, r = max(1, <paramref name="minPeakDistance"/>), that lie at least
    /// <paramref name="peakMinHeight"/> pixels deep in the mask. Each such component is flooded from its seeds (OpenCV's
    /// marker watershed on the inverted smoothed distance, over its bounding box): the region of the first seed met in
    /// raster order keeps the component's label, the others get new labels from <paramref name="labelCount"/> on; a
    /// watershed-line pixel joins the region of its left, right, upper or lower neighbour (the first that is one), or
    /// keeps the component's label when none is. <paramref name="labels"/> and <paramref name="stats"/>' areas are
    /// updated in place; returns the new label count (bound of the labels in use).
    /// </summary>
    public static int Split(Mat mask, int[] labels, ComponentStats stats, int labelCount, int minPeakDistance, double peakMinHeight)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(stats);
        int h = mask.Rows, w = mask.Cols, nComp = labelCount;
        var comps = stats;
        using var dist = new Mat();
        Cv2.DistanceTransform(mask, dist, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        int r = Math.Max(1, minPeakDistance);
        using var smooth = new Mat();
        double sigma = Math.Clamp(r / 3.0, 1.0, 2.0);
        Cv2.GaussianBlur(dist, smooth, new Size(0, 0), sigma);
        using var isMax = new Mat();
        using (var dil = new Mat())
        {
            using (var k = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(2 * r + 1, 2 * r + 1)))
                Cv2.Dilate(smooth, dil, k);
            Cv2.Compare(smooth, dil, isMax, CmpTypes.GE);
        }
        using (var deep = new Mat())
        {
            Cv2.Compare(dist, new Scalar(peakMinHeight), deep, CmpTypes.GE);
            Cv2.BitwiseAnd(isMax, deep, isMax);
        }

        // Peaks = 8-connected blobs of isMax, found in raster order of their first pixel; each lies in one component.
        // (A managed separable window maximum was tried here and was slower than OpenCV's dilate.)
        var peaks = Peaks.Find(isMax.AsSpan<byte>(), labels, h, w, nComp);
        if (peaks.Count < 2) return nComp;

        int next = nComp;
        var smoothSpan = smooth.AsSpan<float>();
        for (int c = 1; c < nComp; c++)
        {
            if (peaks.PerComp[c] < 2) continue;
            next = WatershedComponent(c, labels, peaks, smoothSpan, comps, w, next);
        }
        return next;
    }

    /// <summary>The blobs of a peak mask: pixel lists, owning component, and blobs per component.</summary>
    private sealed class Peaks
    {
        public int Count;
        public int[] PerComp = [];
        public readonly List<int> Pixels = new();      // all blob pixels, blob after blob
        public readonly List<int> Start = new() { 0 }; // blob b = Pixels[Start[b] .. Start[b + 1])
        public readonly List<int> Comp = new();

        /// <summary>Clears <paramref name="isMax"/> while flood-filling it.</summary>
        public static Peaks Find(Span<byte> isMax, int[] labels, int h, int w, int nComp)
        {
            var p = new Peaks { PerComp = new int[nComp] };
            var stack = new Stack<int>();
            int pos = 0;
            while (pos < isMax.Length)
            {
                int k = isMax[pos..].IndexOfAnyExcept((byte)0);
                if (k < 0) break;
                int seed = pos + k;
                pos = seed + 1;
                int comp = labels[seed];
                isMax[seed] = 0;
                stack.Push(seed);
                while (stack.Count > 0)
                {
                    int i = stack.Pop();
                    p.Pixels.Add(i);
                    int y = i / w, x = i - y * w;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        int yy = y + dy;
                        if ((uint)yy >= (uint)h) continue;
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int xx = x + dx;
                            if ((uint)xx >= (uint)w) continue;
                            int j = yy * w + xx;
                            if (isMax[j] == 0) continue;
                            isMax[j] = 0;
                            stack.Push(j);
                        }
                    }
                }
                p.Start.Add(p.Pixels.Count);
                p.Comp.Add(comp);
                if ((uint)comp < (uint)nComp) p.PerComp[comp]++;
                p.Count++;
            }
            return p;
        }
    }

    private static int WatershedComponent(int c, int[] labels, Peaks peaks, ReadOnlySpan<float> smooth, ComponentStats comps, int w, int next)
    {
        int left = comps.MinX[c], top = comps.MinY[c];
        int bw = comps.MaxX[c] - left + 1, bh = comps.MaxY[c] - top + 1;
        // ROI padded by one pixel of background on every side (OpenCV's watershed marks the frame as boundary).
        int rw = bw + 2, rh = bh + 2;
        using var markers = new Mat(rh, rw, MatType.CV_32S, Scalar.All(1));
        using var relief = new Mat(rh, rw, MatType.CV_8UC3, Scalar.All(255));
        var m = markers.AsSpan<int>();
        var rel = relief.AsSpan<byte>();
        float dmax = 0;
        for (int y = 0; y < bh; y++)
        {
            int row = (top + y) * w + left;
            for (int x = 0; x < bw; x++)
                if (labels[row + x] == c && smooth[row + x] > dmax) dmax = smooth[row + x];
        }
        float scale = dmax > 0 ? 254f / dmax : 0;
        // Peak pixels first get a provisional code (blob index + 1, negated); seeds are then numbered 2, 3, ... in
        // the raster order in which the scan below first meets each blob.
        for (int b = 0; b < peaks.Count; b++)
        {
            if (peaks.Comp[b] != c) continue;
            for (int i = peaks.Start[b]; i < peaks.Start[b + 1]; i++)
            {
                int px = peaks.Pixels[i];
                int y = px / w - top, x = px % w - left;
                if ((uint)y < (uint)bh && (uint)x < (uint)bw && labels[px] == c) m[(y + 1) * rw + x + 1] = -(b + 1);
            }
        }
        var localId = new Dictionary<int, int>();
        for (int y = 0; y < bh; y++)
        {
            int row = (top + y) * w + left;
            int mrow = (y + 1) * rw + 1;
            for (int x = 0; x < bw; x++)
            {
                if (labels[row + x] != c) continue;
                int mi = mrow + x;
                byte v = (byte)(254 - (int)(smooth[row + x] * scale));
                rel[mi * 3] = v; rel[mi * 3 + 1] = v; rel[mi * 3 + 2] = v;
                int code = m[mi];
                if (code < 0)
                {
                    if (!localId.TryGetValue(code, out int id)) { id = localId.Count + 2; localId[code] = id; }
                    m[mi] = id;
                }
                else m[mi] = 0;
            }
        }
        Cv2.Watershed(relief, markers);
        m = markers.AsSpan<int>();
        // Region id 2 keeps label c; ids 3.. get fresh labels. Boundary pixels (-1) join a 4-neighbour region.
        int nRegions = localId.Count;
        int baseLabel = next - 3;
        comps.Grow(next + nRegions - 1);
        var area = comps.Area;
        for (int y = 0; y < bh; y++)
        {
            int row = (top + y) * w + left;
            int mrow = (y + 1) * rw + 1;
            for (int x = 0; x < bw; x++)
            {
                if (labels[row + x] != c) continue;
                int mi = mrow + x;
                int id = m[mi];
                if (id < 2)
                {
                    id = m[mi - 1] >= 2 ? m[mi - 1] : m[mi + 1] >= 2 ? m[mi + 1] : m[mi - rw] >= 2 ? m[mi - rw] : m[mi + rw] >= 2 ? m[mi + rw] : 2;
                }
                if (id != 2)
                {
                    int nl = baseLabel + id;
                    labels[row + x] = nl;
                    area[nl]++;
                    area[c]--;
                }
            }
        }
        return next + nRegions - 1;
    }
}
