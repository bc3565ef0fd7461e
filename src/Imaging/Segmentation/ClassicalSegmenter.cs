using System.Runtime.InteropServices;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Classical instance segmentation of one single-channel plane (CV_8U, CV_16U, CV_16S, CV_32F or CV_64F; 3- and
/// 4-channel images are converted to gray): threshold (global Otsu/triangle computed on a 1024-bin histogram
/// of the image's own range, or local mean), optional opening and hole filling, 8-connected components,
/// optional splitting of clumps by a distance-transform watershed, size and border filters, relabelling to
/// 1..Count. Flat images and images whose Otsu classes are not separated (pure noise) give zero objects.
/// </summary>
public static class ClassicalSegmenter
{
    private const int Bins = 4096;
    private const int LogBins = 1024;
    private const double LogEps = 1.0 / 64;

    /// <summary>
    /// The threshold as a position in linear histogram bins above the minimum (foreground = above it). With
    /// <see cref="SegmentationOptions.LogTransform"/> the method runs on ln(1/64 + (v - min)/(max - min)).
    /// </summary>
    private static double ThresholdPosition(double[] hist, SegmentationOptions o)
    {
        bool triangle = o.Method == ThresholdMethod.Triangle;
        if (!o.LogTransform) return (triangle ? TriangleBin(hist) : OtsuBin(hist, out _)) + 1;
        double lo = Math.Log(LogEps), hi = Math.Log(1 + LogEps), du = (hi - lo) / LogBins;
        var logHist = new double[LogBins];
        for (int i = 0; i < hist.Length; i++)
        {
            if (hist[i] == 0) continue;
            int j = (int)((Math.Log(LogEps + (i + 0.5) / hist.Length) - lo) / du);
            logHist[Math.Clamp(j, 0, LogBins - 1)] += hist[i];
        }
        int jt = triangle ? TriangleBin(logHist) : OtsuBin(logHist, out _);
        double u = lo + (jt + 1) * du;
        return (Math.Exp(u) - LogEps) * hist.Length;
    }

    /// <summary>Segments <paramref name="image"/> (already denoised) into labelled objects 1..Count.</summary>
    /// <exception cref="ArgumentException">The image has an unsupported channel count.</exception>
    /// <remarks>
    /// 8- and 16-bit single-channel images take an integer path: no float copy, the 4096-bin histogram is built from
    /// an exact per-value histogram, and the global threshold is applied to the integers. Every path gives the same
    /// labels as thresholding the float32 image.
    /// </remarks>
    public static LabelImage Segment(Mat image, SegmentationOptions o)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(o);
        int h = image.Rows, w = image.Cols;
        if (image.Empty() || h == 0 || w == 0) return LabelImage.Empty(Math.Max(h, 0), Math.Max(w, 0));
        if (image.Channels() is not (1 or 3 or 4))
            throw new ArgumentException($"segmentation needs a single-channel image, got {image.Channels()} channels", nameof(image));

        Mat? img = null;      // float32 copy (float input, colour input, or the local method)
        Mat? intImg = null;   // continuous 8/16-bit single-channel image (integer path)
        Mat? intOwned = null;
        try
        {
            double min, max;
            double[]? hist;
            int depth = image.Depth();
            if (image.Channels() == 1 && (depth == MatType.CV_8U || depth == MatType.CV_16U))
            {
                intImg = image.IsContinuous() ? image : (intOwned = image.Clone());
                Cv2.MinMaxLoc(intImg, out min, out max);
                if (!(max - min > 1e-9 * Math.Max(1.0, Math.Abs(max)))) return LabelImage.Empty(h, w);
                hist = IntegerHistogram(intImg, (int)min, (int)max);
                if (hist is null) { img = ToFloatGray(image); intImg = null; }
            }
            else
            {
                img = ToFloatGray(image);
                Cv2.MinMaxLoc(img, out min, out max);
                if (!(max - min > 1e-9 * Math.Max(1.0, Math.Abs(max)))) return LabelImage.Empty(h, w);
                hist = null;
            }
            hist ??= Histogram(img!, min, max);

            double binW = (max - min) / Bins;
            OtsuBin(hist, out double sep);
            double tPos = ThresholdPosition(hist, o);

            bool invert = o.Polarity == Polarity.DarkObjects;
            if (o.Polarity == Polarity.Auto && MedianBin(hist) > tPos) invert = true;
            if (invert)
            {
                Array.Reverse(hist);
                OtsuBin(hist, out sep);
                tPos = ThresholdPosition(hist, o);
            }
            if (!(sep >= o.MinSeparation)) return LabelImage.Empty(h, w);

            double t = min + tPos * binW;
            double otsuT = min + (o.Method == ThresholdMethod.Otsu ? tPos : ThresholdPosition(hist, o with { Method = ThresholdMethod.Otsu })) * binW;
            t = min + (t - min) * o.CorrectionFactor;

            using var mask = new Mat();
            if (o.Method == ThresholdMethod.Local)
            {
                if (img is null) { img = new Mat(); intImg!.ConvertTo(img, MatType.CV_32F); }
                if (invert) Invert(img, max + min);
                int bs = Math.Max(3, o.BlockSize | 1);
                using var mean = new Mat();
                Cv2.Blur(img, mean, new Size(bs, bs), new Point(-1, -1), BorderTypes.Reflect);
                // mean + offset in float32 (ConvertTo computes 1·x + offset, which rounds exactly like the addition);
                // OpenCV's Mat-plus-Scalar arithmetic is ~10x slower than this on float images.
                double offset = o.LocalOffset * (max - min);
                if (offset != 0) mean.ConvertTo(mean, MatType.CV_32F, 1.0, offset);
                using var local = new Mat();
                Cv2.Compare(img, mean, local, CmpTypes.GT);
                using var global = new Mat();
                Cv2.Compare(img, new Scalar(min + (otsuT - min) * o.LocalGlobalFloor), global, CmpTypes.GT);
                Cv2.BitwiseAnd(local, global, mask);
            }
            else if (img is null)
            {
                // float32(v) > float32(t) on integers v is v > floor(float32(t)); inverted, (max + min) - v > floor(...).
                double ft = Math.Floor((double)(float)t);
                if (!invert) Cv2.Compare(intImg!, new Scalar(ft), mask, CmpTypes.GT);
                else Cv2.Compare(intImg!, new Scalar(max + min - ft), mask, CmpTypes.LT);
            }
            else
            {
                if (invert) Invert(img, max + min);
                Cv2.Compare(img, new Scalar(t), mask, CmpTypes.GT);
            }
            img?.Dispose();
            img = null;

            if (o.OpeningRadius > 0)
            {
                using var k = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * o.OpeningRadius + 1, 2 * o.OpeningRadius + 1));
                Cv2.MorphologyEx(mask, mask, MorphTypes.Open, k);
            }
            if (o.FillHoles) FillHoles(mask);

            var labels = GC.AllocateUninitializedArray<int>(h * w);
            int nComp = ConnectedComponents(mask, labels, h, w);
            if (nComp <= 1) return LabelImage.Empty(h, w);
            var comps = ComponentStats.Of(labels, h, w, nComp);

            int nextLabel = nComp;
            if (o.SplitTouching)
                nextLabel = Split(mask, labels, comps, nComp, h, w, o);

            return Filter(labels, h, w, nextLabel, comps.Area, o);
        }
        finally
        {
            img?.Dispose();
            intOwned?.Dispose();
        }
    }

    /// <summary>img = s - img in float32 (as Cv2.Subtract(Scalar, img) computes it, but without its slow scalar path).</summary>
    private static void Invert(Mat img, double s) => img.ConvertTo(img, MatType.CV_32F, -1.0, s);

    /// <summary>8-connected components of <paramref name="mask"/> written straight into <paramref name="labels"/> (row-major); returns the label count including background.</summary>
    private static int ConnectedComponents(Mat mask, int[] labels, int h, int w)
    {
        var handle = GCHandle.Alloc(labels, GCHandleType.Pinned);
        try
        {
            IntPtr p = handle.AddrOfPinnedObject();
            using var dst = Mat.FromPixelData(h, w, MatType.CV_32SC1, p);
            int n = Cv2.ConnectedComponents(mask, dst, PixelConnectivity.Connectivity8, MatType.CV_32S);
            if (dst.Data != p) throw new InvalidOperationException("OpenCV reallocated the label buffer");
            return n;
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Area and bounding box of every label, from one pass over the runs of each row.</summary>
    private sealed class ComponentStats
    {
        public long[] Area = [];
        public int[] MinX = [], MinY = [], MaxX = [], MaxY = [];

        /// <summary>Makes room for labels below <paramref name="n"/> (areas only; new labels have no box).</summary>
        public void Grow(int n)
        {
            if (Area.Length < n) Array.Resize(ref Area, Math.Max(n, Area.Length * 2));
        }

        public static ComponentStats Of(int[] labels, int h, int w, int n)
        {
            var s = new ComponentStats
            {
                Area = new long[n], MinX = new int[n], MinY = new int[n], MaxX = new int[n], MaxY = new int[n],
            };
            Array.Fill(s.MinX, int.MaxValue);
            Array.Fill(s.MinY, int.MaxValue);
            Array.Fill(s.MaxX, -1);
            Array.Fill(s.MaxY, -1);
            var area = s.Area; var minX = s.MinX; var minY = s.MinY; var maxX = s.MaxX; var maxY = s.MaxY;
            for (int y = 0; y < h; y++)
            {
                var row = labels.AsSpan(y * w, w);
                int x = 0;
                while (x < w)
                {
                    int k = row[x..].IndexOfAnyExcept(0);
                    if (k < 0) break;
                    x += k;
                    int l = row[x];
                    int start = x;
                    while (x < w && row[x] == l) x++;
                    area[l] += x - start;
                    if (start < minX[l]) minX[l] = start;
                    if (x - 1 > maxX[l]) maxX[l] = x - 1;
                    if (y < minY[l]) minY[l] = y;
                    maxY[l] = y;
                }
            }
            return s;
        }
    }

    /// <summary>
    /// The 4096-bin histogram of an 8/16-bit image over [min, max], binned exactly as OpenCV bins the float32 image
    /// (<see cref="Histogram"/>): an exact per-value count, then each value's bin taken from OpenCV's own binning of
    /// the values min..max. Null when the binning is not monotone (never expected).
    /// </summary>
    private static double[]? IntegerHistogram(Mat img, int min, int max)
    {
        int n = max - min + 1;
        var counts = new int[2 * n];
        if (img.Depth() == MatType.CV_16U) CountValues(img.AsSpan<ushort>(), min, n, counts);
        else CountValues(img.AsSpan<byte>(), min, n, counts);

        // OpenCV's bin for each value min..max: histogram of the values themselves, each once (bins are monotone in v).
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = min + i;
        using var valueMat = Mat.FromPixelData(1, n, MatType.CV_32FC1, values);
        using var perBin = new Mat();
        var range = new[] { new Rangef((float)min, (float)(max + (max - min) * 1e-6 + 1e-6)) };
        Cv2.CalcHist([valueMat], [0], null, perBin, 1, [Bins], range);
        var pb = perBin.AsSpan<float>();
        var hist = new double[Bins];
        int v = 0;
        for (int b = 0; b < Bins; b++)
        {
            int c = (int)pb[b];
            if (c == 0) continue;
            if (v + c > n) return null;
            long sum = 0;
            for (int e = v + c; v < e; v++) sum += counts[v] + counts[n + v];
            hist[b] = sum;
        }
        return v == n ? hist : null;
    }

    private static void CountValues<T>(ReadOnlySpan<T> px, int min, int n, int[] counts) where T : unmanaged
    {
        // Two interleaved tables (second at offset n) halve the store-to-load stalls on runs of equal values.
        var a = counts.AsSpan(0, n);
        var b = counts.AsSpan(n, n);
        int i = 0;
        if (typeof(T) == typeof(ushort))
        {
            var u = MemoryMarshal.Cast<T, ushort>(px);
            for (; i + 1 < u.Length; i += 2) { a[u[i] - min]++; b[u[i + 1] - min]++; }
            if (i < u.Length) a[u[i] - min]++;
        }
        else
        {
            var u = MemoryMarshal.Cast<T, byte>(px);
            for (; i + 1 < u.Length; i += 2) { a[u[i] - min]++; b[u[i + 1] - min]++; }
            if (i < u.Length) a[u[i] - min]++;
        }
    }

    private static Mat ToFloatGray(Mat image)
    {
        Mat gray = image;
        bool owned = false;
        if (image.Channels() == 3 || image.Channels() == 4)
        {
            gray = new Mat();
            Cv2.CvtColor(image, gray, image.Channels() == 3 ? ColorConversionCodes.BGR2GRAY : ColorConversionCodes.BGRA2GRAY);
            owned = true;
        }
        else if (image.Channels() != 1)
        {
            throw new ArgumentException($"segmentation needs a single-channel image, got {image.Channels()} channels", nameof(image));
        }
        var f = new Mat();
        gray.ConvertTo(f, MatType.CV_32F);
        bool floatInput = gray.Depth() == MatType.CV_32F || gray.Depth() == MatType.CV_64F;
        if (floatInput && !Cv2.CheckRange(f, true, out _, double.MinValue, double.MaxValue))
        {
            Cv2.PatchNaNs(f, 0);
        }
        if (owned) gray.Dispose();
        return f;
    }

    private static double[] Histogram(Mat img, double min, double max)
    {
        using var hist = new Mat();
        // Upper bound nudged so that max falls into the last bin.
        var range = new[] { new Rangef((float)min, (float)(max + (max - min) * 1e-6 + 1e-6)) };
        Cv2.CalcHist([img], [0], null, hist, 1, [Bins], range);
        var f = hist.AsSpan<float>();
        var d = new double[Bins];
        for (int i = 0; i < Bins; i++) d[i] = f[i];
        return d;
    }

    /// <summary>Otsu's threshold bin (foreground = bins above it) and the class separation (mu1 - mu0) / sigma0.</summary>
    private static int OtsuBin(double[] hist, out double separation)
    {
        double total = 0, sumAll = 0;
        for (int i = 0; i < hist.Length; i++) { total += hist[i]; sumAll += i * hist[i]; }
        double w0 = 0, sum0 = 0, best = -1;
        int bestK = 0;
        for (int k = 0; k < hist.Length - 1; k++)
        {
            w0 += hist[k];
            sum0 += k * hist[k];
            double w1 = total - w0;
            if (w0 <= 0 || w1 <= 0) continue;
            double m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
            double between = w0 * w1 * (m1 - m0) * (m1 - m0);
            if (between > best) { best = between; bestK = k; }
        }
        double n0 = 0, s0 = 0, n1 = 0, s1 = 0;
        for (int i = 0; i < hist.Length; i++)
        {
            if (i <= bestK) { n0 += hist[i]; s0 += i * hist[i]; }
            else { n1 += hist[i]; s1 += i * hist[i]; }
        }
        if (n0 <= 0 || n1 <= 0) { separation = 0; return bestK; }
        double mu0 = s0 / n0, mu1 = s1 / n1, v0 = 0;
        for (int i = 0; i <= bestK; i++) v0 += hist[i] * (i - mu0) * (i - mu0);
        double sd0 = Math.Sqrt(v0 / n0);
        // Bin quantisation: a background within one bin still has ~1/sqrt(12) bin of spread.
        separation = (mu1 - mu0) / Math.Max(sd0, 0.29);
        return bestK;
    }

    private static int MedianBin(double[] hist)
    {
        double total = 0;
        foreach (var v in hist) total += v;
        double acc = 0;
        for (int i = 0; i < hist.Length; i++) { acc += hist[i]; if (acc >= total / 2) return i; }
        return hist.Length - 1;
    }

    /// <summary>Triangle method: the bin farthest from the line joining the histogram peak to its far (bright) end.</summary>
    private static int TriangleBin(double[] hist)
    {
        int peak = 0;
        for (int i = 1; i < hist.Length; i++) if (hist[i] > hist[peak]) peak = i;
        int end = hist.Length - 1;
        while (end > peak && hist[end] <= 0) end--;
        if (end <= peak + 1) return peak;
        double dx = end - peak, dy = hist[end] - hist[peak];
        double norm = Math.Sqrt(dx * dx + dy * dy), bestD = -1;
        int best = peak;
        for (int i = peak + 1; i < end; i++)
        {
            double d = Math.Abs(dy * (i - peak) - dx * (hist[i] - hist[peak])) / norm;
            if (d > bestD) { bestD = d; best = i; }
        }
        return best;
    }

    private static void FillHoles(Mat mask)
    {
        using var padded = new Mat();
        Cv2.CopyMakeBorder(mask, padded, 1, 1, 1, 1, BorderTypes.Constant, Scalar.All(0));
        Cv2.FloodFill(padded, new Point(0, 0), Scalar.All(255));
        using var inner = new Mat(padded, new Rect(1, 1, mask.Cols, mask.Rows));
        using var holes = new Mat();
        Cv2.BitwiseNot(inner, holes);
        Cv2.BitwiseOr(mask, holes, mask);
    }

    /// <summary>
    /// Splits components holding two or more distance-transform peaks by watershed on their bounding box. Returns the
    /// next free label; <paramref name="comps"/> areas are kept up to date (its arrays grow to the new label count).
    /// </summary>
    private static int Split(Mat mask, int[] labels, ComponentStats comps, int nComp, int h, int w, SegmentationOptions o)
    {
        using var dist = new Mat();
        Cv2.DistanceTransform(mask, dist, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        int r = Math.Max(1, o.MinPeakDistance);
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
            Cv2.Compare(dist, new Scalar(o.PeakMinHeight), deep, CmpTypes.GE);
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

    /// <summary>Drops objects by size and border contact and relabels the survivors 1..Count in order of first appearance by label.</summary>
    private static LabelImage Filter(int[] labels, int h, int w, int nLabels, long[] area, SegmentationOptions o)
    {
        var drop = new bool[nLabels];
        if (o.ExcludeBorderObjects)
        {
            for (int x = 0; x < w; x++) { drop[labels[x]] = true; drop[labels[(h - 1) * w + x]] = true; }
            for (int y = 0; y < h; y++) { drop[labels[y * w]] = true; drop[labels[y * w + w - 1]] = true; }
        }
        var map = new int[nLabels];
        int count = 0;
        for (int l = 1; l < nLabels; l++)
        {
            long a = area[l];
            if (a == 0 || drop[l] || a < o.MinArea || (o.MaxArea > 0 && a > o.MaxArea)) continue;
            map[l] = ++count;
        }
        bool identity = count == nLabels - 1;
        if (!identity)
        {
            var span = labels.AsSpan();
            int pos = 0;
            while (pos < span.Length)
            {
                int k = span[pos..].IndexOfAnyExcept(0);
                if (k < 0) break;
                int i = pos + k;
                // Runs of one label are common: look the label up once per run.
                int l = span[i], nl = map[l];
                for (; i < span.Length && span[i] == l; i++) span[i] = nl;
                pos = i;
            }
        }
        return new LabelImage(h, w, labels, count);
    }
}
