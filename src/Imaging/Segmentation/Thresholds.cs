using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Global intensity thresholds, shaped like scikit-image's <c>threshold_otsu(image=None, nbins=256, *, hist=None)</c>:
/// each method takes either a histogram (the <c>…Bin</c> functions: they return the index of the threshold bin, so that
/// foreground is every bin above it) or an image (they return the threshold value: foreground is every pixel
/// <c>&gt;</c> it). <see cref="ClassicalSegmenter"/> uses the histogram forms on its own histogram.
/// </summary>
public static class Thresholds
{
    /// <summary>
    /// Otsu's threshold bin of a histogram: the last bin of the background class that maximises the between-class
    /// variance w0·w1·(μ1 − μ0)² (ties: the lowest bin). Equals scikit-image's <c>threshold_otsu(hist=histogram)</c> for a
    /// histogram without empty bins at its ends (where scikit-image divides by a zero weight).
    /// </summary>
    public static int OtsuBin(ReadOnlySpan<double> histogram) => OtsuBin(histogram, out _);

    /// <summary>
    /// Otsu's threshold bin (see <see cref="OtsuBin(ReadOnlySpan{double})"/>) and the class separation (μ1 − μ0) / σ0 in
    /// bins, σ0 the background's standard deviation, at least 0.29 (a background within one bin still spreads over
    /// about 1/√12 bin); 0 when a class is empty.
    /// </summary>
    public static int OtsuBin(ReadOnlySpan<double> histogram, out double separation)
    {
        var hist = histogram;
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
        separation = (mu1 - mu0) / Math.Max(sd0, 0.29);
        return bestK;
    }

    /// <summary>
    /// The triangle method's threshold bin: the bin between the histogram's peak (its first highest bin) and its last
    /// non-empty bin farthest from the straight line joining the two (the bright tail is always the long side, as in
    /// fluorescence). When the last non-empty bin is the peak or next to it, the peak. Unlike scikit-image's
    /// <c>threshold_triangle</c>, the line ends at the last bin's own height (not at zero) and the side is not chosen by
    /// tail length.
    /// </summary>
    public static int TriangleBin(ReadOnlySpan<double> histogram)
    {
        var hist = histogram;
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

    /// <summary>The first bin at which the cumulative count reaches half the total (0 for an empty histogram).</summary>
    public static int MedianBin(ReadOnlySpan<double> histogram)
    {
        double total = 0;
        foreach (var v in histogram) total += v;
        double acc = 0;
        for (int i = 0; i < histogram.Length; i++) { acc += histogram[i]; if (acc >= total / 2) return i; }
        return histogram.Length - 1;
    }

    /// <summary>
    /// Otsu's threshold of a single-channel image, as scikit-image's <c>threshold_otsu(image, nbins)</c> computes it:
    /// on <paramref name="bins"/> equal bins over [min, max] (one bin per value for integer images, whatever
    /// <paramref name="bins"/>), returning the centre of <see cref="OtsuBin(ReadOnlySpan{double})"/>'s bin; an image of
    /// one value returns that value. Foreground: pixels &gt; the threshold.
    /// </summary>
    public static double Otsu(Mat image, int bins = 256) => FromImage(image, bins, h => OtsuBin(h));

    /// <summary>The triangle threshold (<see cref="TriangleBin"/>) of a single-channel image, binned as <see cref="Otsu(Mat, int)"/>.</summary>
    public static double Triangle(Mat image, int bins = 256) => FromImage(image, bins, h => TriangleBin(h));

    /// <summary>
    /// The histogram scikit-image (<c>skimage.exposure.histogram</c>) makes of a single-channel image: for an integer
    /// image one bin per value from min to max, otherwise <paramref name="bins"/> equal bins over [min, max] (NumPy's
    /// binning: the last bin holds max); with the centre of every bin.
    /// </summary>
    public static (double[] Counts, double[] Centers) Histogram(Mat image, int bins = 256)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (image.Channels() != 1) throw new ArgumentException($"a threshold needs a single-channel image, got {image.Channels()} channels", nameof(image));
        using var values = new Mat();
        image.ConvertTo(values, MatType.CV_64F);
        var v = values.IsContinuous() ? values.AsSpan<double>().ToArray() : values.Clone().AsSpan<double>().ToArray();
        if (v.Length == 0) throw new ArgumentException("a threshold needs a non-empty image", nameof(image));
        double min = v.Min(), max = v.Max();
        bool integer = image.Depth() is MatType.CV_8U or MatType.CV_8S or MatType.CV_16U or MatType.CV_16S or MatType.CV_32S;
        if (integer)
        {
            int n = checked((int)(max - min) + 1);
            var counts = new double[n];
            foreach (var x in v) counts[(int)(x - min)]++;
            return (counts, Enumerable.Range(0, n).Select(i => min + i).ToArray());
        }
        var edges = new double[bins + 1];
        double step = (max - min) / bins;
        for (int i = 0; i <= bins; i++) edges[i] = min + i * step;
        edges[bins] = max;
        var hist = new double[bins];
        double norm = bins / (max - min);
        foreach (var x in v)
        {
            int i = max > min ? (int)((x - min) * norm) : 0;
            if (i >= bins) i = bins - 1;
            if (x < edges[i]) i--;
            else if (i < bins - 1 && x >= edges[i + 1]) i++;
            hist[i]++;
        }
        var centers = new double[bins];
        for (int i = 0; i < bins; i++) centers[i] = (edges[i] + edges[i + 1]) / 2;
        return (hist, centers);
    }

    private static double FromImage(Mat image, int bins, Func<double[], int> method)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels() == 1 && !image.Empty())
        {
            Cv2.MinMaxLoc(image, out double min, out double max);
            if (min == max) return min; // one value: scikit-image returns it
        }
        var (counts, centers) = Histogram(image, bins);
        return centers[method(counts)];
    }
}
