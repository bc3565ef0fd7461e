using System.Runtime.InteropServices;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Classical instance segmentation of one single-channel plane (CV_8U, CV_16U, CV_16S, CV_32F or CV_64F; 3- and
/// 4-channel images are converted to gray): threshold (global Otsu/triangle computed on a 1024-bin histogram
/// of the image's own range, or local mean), optional opening and hole filling, 8-connected components,
/// optional splitting of clumps by a distance-transform watershed, size and border filters, relabelling to
/// 1..Count. Flat images and images whose Otsu classes are not separated (pure noise) give zero objects.
/// <see cref="Segment"/> composes the public kernels, each documented and tested alone: <see cref="Thresholds"/>
/// (Otsu, triangle, median bin), <see cref="Holes.Fill"/>, <see cref="Components.Label"/> with
/// <see cref="ComponentStats"/>, <see cref="DistanceWatershed.Split"/> and <see cref="LabelFilter.Apply(int[], int, int, int, ReadOnlySpan{long}, long, long, bool)"/>.
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
        if (!o.LogTransform) return (triangle ? Thresholds.TriangleBin(hist) : Thresholds.OtsuBin(hist)) + 1;
        double lo = Math.Log(LogEps), hi = Math.Log(1 + LogEps), du = (hi - lo) / LogBins;
        var logHist = new double[LogBins];
        for (int i = 0; i < hist.Length; i++)
        {
            if (hist[i] == 0) continue;
            int j = (int)((Math.Log(LogEps + (i + 0.5) / hist.Length) - lo) / du);
            logHist[Math.Clamp(j, 0, LogBins - 1)] += hist[i];
        }
        int jt = triangle ? Thresholds.TriangleBin(logHist) : Thresholds.OtsuBin(logHist);
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
            Thresholds.OtsuBin(hist, out double sep);
            double tPos = ThresholdPosition(hist, o);

            bool invert = o.Polarity == Polarity.DarkObjects;
            if (o.Polarity == Polarity.Auto && Thresholds.MedianBin(hist) > tPos) invert = true;
            if (invert)
            {
                Array.Reverse(hist);
                Thresholds.OtsuBin(hist, out sep);
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
            if (o.FillHoles) Holes.Fill(mask);

            var labels = GC.AllocateUninitializedArray<int>(h * w);
            int nComp = Components.Label(mask, labels);
            if (nComp <= 1) return LabelImage.Empty(h, w);
            var comps = ComponentStats.Of(labels, h, w, nComp);

            int nextLabel = nComp;
            if (o.SplitTouching)
                nextLabel = DistanceWatershed.Split(mask, labels, comps, nComp, o.MinPeakDistance, o.PeakMinHeight);

            return LabelFilter.Apply(labels, h, w, nextLabel, comps.Area, o.MinArea, o.MaxArea, o.ExcludeBorderObjects);
        }
        finally
        {
            img?.Dispose();
            intOwned?.Dispose();
        }
    }

    /// <summary>img = s - img in float32 (as Cv2.Subtract(Scalar, img) computes it, but without its slow scalar path).</summary>
    private static void Invert(Mat img, double s) => img.ConvertTo(img, MatType.CV_32F, -1.0, s);

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

}
