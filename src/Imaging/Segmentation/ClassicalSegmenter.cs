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
    public static LabelImage Segment(Mat image, SegmentationOptions o)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(o);
        int h = image.Rows, w = image.Cols;
        if (image.Empty() || h == 0 || w == 0) return LabelImage.Empty(Math.Max(h, 0), Math.Max(w, 0));

        using var img = ToFloatGray(image);
        Cv2.MinMaxLoc(img, out double min, out double max);
        if (!(max - min > 1e-9 * Math.Max(1.0, Math.Abs(max)))) return LabelImage.Empty(h, w);

        var hist = Histogram(img, min, max);
        double binW = (max - min) / Bins;
        OtsuBin(hist, out double sep);
        double tPos = ThresholdPosition(hist, o);

        bool invert = o.Polarity == Polarity.DarkObjects;
        if (o.Polarity == Polarity.Auto && MedianBin(hist) > tPos) invert = true;
        if (invert)
        {
            Cv2.Subtract(new Scalar(max + min), img, img);
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
            int bs = Math.Max(3, o.BlockSize | 1);
            using var mean = new Mat();
            Cv2.Blur(img, mean, new Size(bs, bs), new Point(-1, -1), BorderTypes.Reflect);
            Cv2.Add(mean, new Scalar(o.LocalOffset * (max - min)), mean);
            using var local = new Mat();
            Cv2.Compare(img, mean, local, CmpTypes.GT);
            using var global = new Mat();
            Cv2.Compare(img, new Scalar(min + (otsuT - min) * o.LocalGlobalFloor), global, CmpTypes.GT);
            Cv2.BitwiseAnd(local, global, mask);
        }
        else
        {
            Cv2.Compare(img, new Scalar(t), mask, CmpTypes.GT);
        }

        if (o.OpeningRadius > 0)
        {
            using var k = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * o.OpeningRadius + 1, 2 * o.OpeningRadius + 1));
            Cv2.MorphologyEx(mask, mask, MorphTypes.Open, k);
        }
        if (o.FillHoles) FillHoles(mask);

        using var ccLabels = new Mat();
        using var stats = new Mat();
        using var cents = new Mat();
        int nComp = Cv2.ConnectedComponentsWithStats(mask, ccLabels, stats, cents, PixelConnectivity.Connectivity8, MatType.CV_32S);
        if (nComp <= 1) return LabelImage.Empty(h, w);
        var labels = new int[h * w];
        ccLabels.AsSpan<int>().CopyTo(labels);

        int nextLabel = nComp;
        if (o.SplitTouching)
            nextLabel = Split(mask, labels, stats, nComp, h, w, o);

        return Filter(labels, h, w, nextLabel, o);
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

    /// <summary>Splits components holding two or more distance-transform peaks by watershed on their bounding box. Returns the next free label.</summary>
    private static int Split(Mat mask, int[] labels, Mat stats, int nComp, int h, int w, SegmentationOptions o)
    {
        using var dist = new Mat();
        Cv2.DistanceTransform(mask, dist, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        int r = Math.Max(1, o.MinPeakDistance);
        using var smooth = new Mat();
        double sigma = Math.Clamp(r / 3.0, 1.0, 2.0);
        Cv2.GaussianBlur(dist, smooth, new Size(0, 0), sigma);
        using var dil = new Mat();
        using (var k = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(2 * r + 1, 2 * r + 1)))
            Cv2.Dilate(smooth, dil, k);
        using var isMax = new Mat();
        Cv2.Compare(smooth, dil, isMax, CmpTypes.GE);
        using var deep = new Mat();
        Cv2.Compare(dist, new Scalar(o.PeakMinHeight), deep, CmpTypes.GE);
        Cv2.BitwiseAnd(isMax, deep, isMax);

        using var peakLabels = new Mat();
        int nPeaks = Cv2.ConnectedComponents(isMax, peakLabels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        if (nPeaks <= 2) return nComp;
        using var pts = new Mat();
        Cv2.FindNonZero(isMax, pts);
        var points = pts.AsSpan<Point>();
        var peakSpan = peakLabels.AsSpan<int>();

        // Which component each peak belongs to, and how many peaks each component has.
        var peakComp = new int[nPeaks];
        var peaksPerComp = new int[nComp];
        foreach (var p in points)
        {
            int idx = p.Y * w + p.X;
            int pl = peakSpan[idx];
            if (peakComp[pl] != 0) continue;
            int c = labels[idx];
            peakComp[pl] = c;
            peaksPerComp[c]++;
        }
        int next = nComp;
        var smoothSpan = smooth.AsSpan<float>();
        var statSpan = stats.AsSpan<int>();
        for (int c = 1; c < nComp; c++)
        {
            if (peaksPerComp[c] < 2) continue;
            int left = statSpan[c * 5 + 0], top = statSpan[c * 5 + 1], bw = statSpan[c * 5 + 2], bh = statSpan[c * 5 + 3];
            next = WatershedComponent(c, left, top, bw, bh, labels, peakSpan, peakComp, smoothSpan, h, w, next);
        }
        return next;
    }

    private static int WatershedComponent(int c, int left, int top, int bw, int bh, int[] labels, ReadOnlySpan<int> peakLabels,
        int[] peakComp, ReadOnlySpan<float> smooth, int h, int w, int next)
    {
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
                int pl = peakLabels[row + x];
                if (pl > 0 && peakComp[pl] == c)
                {
                    if (!localId.TryGetValue(pl, out int id)) { id = localId.Count + 2; localId[pl] = id; }
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
                labels[row + x] = id == 2 ? c : baseLabel + id;
            }
        }
        return next + nRegions - 1;
    }

    /// <summary>Drops objects by size and border contact and relabels the survivors 1..Count in order of first appearance by label.</summary>
    private static LabelImage Filter(int[] labels, int h, int w, int nLabels, SegmentationOptions o)
    {
        var area = new long[nLabels];
        foreach (var l in labels) area[l]++;
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
            for (int i = 0; i < labels.Length; i++) labels[i] = map[labels[i]];
        return new LabelImage(h, w, labels, count);
    }
}
