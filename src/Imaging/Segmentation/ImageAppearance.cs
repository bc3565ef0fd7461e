using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Measurements of a frame's appearance, the image-based half of the default segmenter's choices: polarity (a bright
/// background is inverted, so the model always sees bright objects on dark), noise and modality. Pure functions over
/// grey values; the same definitions as <c>models/training/data.py</c> (<c>background_position</c>), which prepared the
/// model's training data.
/// </summary>
public static class ImageAppearance
{
    /// <summary>Backgrounds above this position (<see cref="BackgroundPosition(ReadOnlySpan{float}, int, int, int, double)"/>) are bright: the frame is inverted.</summary>
    public const double BrightBackground = 0.5;

    /// <summary>Low percentile of the range.</summary>
    public const double LowPercentile = 1.0;

    /// <summary>High percentile of the range.</summary>
    public const double HighPercentile = 99.8;

    /// <summary>
    /// Where the background lies in the frame's range, 0 at percentile 1 and 1 at percentile 99.8. The background is
    /// the flattest part of the frame: the pixels whose local standard deviation over a <paramref name="window"/> ×
    /// <paramref name="window"/> box (mirrored at the edges) is in the lowest <paramref name="share"/> percent; their
    /// median is placed in the range. Fluorescence gives about 0–0.2, brightfield and stained tissue 0.7–1, DIC and
    /// phase contrast about the middle. 0 for a flat frame.
    /// </summary>
    /// <param name="grey">Row-major grey values.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="window">Odd box side of the local standard deviation.</param>
    /// <param name="share">Percent of the flattest pixels taken as background.</param>
    public static double BackgroundPosition(ReadOnlySpan<float> grey, int height, int width, int window = 9, double share = 25.0)
    {
        Check(grey, height, width);
        if (window < 1 || window % 2 == 0) throw new ArgumentOutOfRangeException(nameof(window), window, "an odd window of at least 1 is needed");
        var (lo, hi) = Percentiles(grey, LowPercentile, HighPercentile);
        return BackgroundPosition(grey, height, width, lo, hi, window, share);
    }

    private static double BackgroundPosition(ReadOnlySpan<float> grey, int height, int width, double lo, double hi, int window, double share)
    {
        if (!(hi > lo)) return 0;
        var sd = LocalStandardDeviation(grey, height, width, window);
        var cut = Quantiles.InPlace((float[])sd.Clone(), share);
        var flat = new List<float>(grey.Length / 3);
        for (var i = 0; i < grey.Length; i++)
            if (sd[i] <= cut) flat.Add(grey[i]);
        var background = Quantiles.InPlace([.. flat], 50);
        return (background - lo) / (hi - lo);
    }

    /// <summary>
    /// The noise standard deviation of a frame, by Donoho's estimate: the median absolute value of the finest diagonal
    /// Haar wavelet coefficients, <c>(a - b - c + d) / 2</c> over 2 × 2 blocks, divided by 0.6745. Structures larger
    /// than a pixel hardly contribute, so it measures the noise, not the content.
    /// </summary>
    public static double NoiseSigma(ReadOnlySpan<float> grey, int height, int width)
    {
        Check(grey, height, width);
        var rows = height / 2;
        var cols = width / 2;
        if (rows == 0 || cols == 0) return 0;
        var d = new float[rows * cols];
        for (var y = 0; y < rows; y++)
            for (var x = 0; x < cols; x++)
            {
                var i = 2 * y * width + 2 * x;
                d[y * cols + x] = Math.Abs(grey[i] - grey[i + 1] - grey[i + width] + grey[i + width + 1]) / 2;
            }
        return Quantiles.InPlace(d, 50) / 0.6745;
    }

    /// <summary>
    /// The appearance of a frame: background position, noise relative to the range, the shares of pixels clearly
    /// (4 noise standard deviations, at least 2% of the range) brighter and darker than the background, and the
    /// modality they indicate: <see cref="Modality.Relief"/> when the smaller share is at least a third of the larger
    /// (and above 0.5% of the frame), otherwise <see cref="Modality.Brightfield"/> when dark pixels dominate or the
    /// background is bright, else <see cref="Modality.Fluorescence"/>.
    /// </summary>
    /// <param name="grey">Row-major grey values.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="colour">Whether the frame's colour channels differ (<see cref="HasColour"/>).</param>
    public static Appearance Measure(ReadOnlySpan<float> grey, int height, int width, bool colour = false)
    {
        Check(grey, height, width);
        var (lo, hi) = Percentiles(grey, LowPercentile, HighPercentile);
        var range = hi - lo;
        if (!(range > 0)) return new Appearance(0, 0, 0, 0, colour, Modality.Fluorescence);
        var position = BackgroundPosition(grey, height, width, lo, hi, 9, 25.0);
        var background = lo + position * range;
        var sigma = NoiseSigma(grey, height, width);
        var margin = Math.Max(4 * sigma, 0.02 * range);
        long bright = 0, dark = 0;
        foreach (var v in grey)
        {
            if (v > background + margin) bright++;
            else if (v < background - margin) dark++;
        }
        var b = (double)bright / grey.Length;
        var k = (double)dark / grey.Length;
        var modality = Math.Min(b, k) > 0.005 && Math.Min(b, k) >= Math.Max(b, k) / 3 ? Modality.Relief
            : k > b || position > BrightBackground ? Modality.Brightfield : Modality.Fluorescence;
        return new Appearance(position, sigma / range, b, k, colour, modality);
    }

    /// <summary>True when a frame of 3 or 4 channels (alpha ignored) has pixels whose colour channels differ.</summary>
    public static bool HasColour(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels() < 3) return false;
        var planes = image.Split();
        try
        {
            using var d1 = new Mat();
            using var d2 = new Mat();
            Cv2.Absdiff(planes[0], planes[1], d1);
            Cv2.Absdiff(planes[1], planes[2], d2);
            return Cv2.CountNonZero(d1) > 0 || Cv2.CountNonZero(d2) > 0;
        }
        finally
        {
            foreach (var p in planes) p.Dispose();
        }
    }

    /// <summary>The local standard deviation over a mirrored box (as scipy's <c>uniform_filter</c> with mode "reflect"), computed in double precision.</summary>
    private static float[] LocalStandardDeviation(ReadOnlySpan<float> grey, int height, int width, int window)
    {
        var values = new double[grey.Length];
        for (var i = 0; i < values.Length; i++) values[i] = grey[i];
        using var g = Mat.FromPixelData(height, width, MatType.CV_64FC1, values);
        using var sq = new Mat();
        Cv2.Multiply(g, g, sq);
        using var mean = new Mat();
        using var meanSq = new Mat();
        var k = new Size(window, window);
        Cv2.BoxFilter(g, mean, MatType.CV_64F, k, new Point(-1, -1), true, BorderTypes.Reflect);
        Cv2.BoxFilter(sq, meanSq, MatType.CV_64F, k, new Point(-1, -1), true, BorderTypes.Reflect);
        mean.GetArray(out double[] m);
        meanSq.GetArray(out double[] s);
        var sd = new float[values.Length];
        for (var i = 0; i < sd.Length; i++) sd[i] = (float)Math.Sqrt(Math.Max(s[i] - m[i] * m[i], 0));
        return sd;
    }

    private static void Check(ReadOnlySpan<float> grey, int height, int width)
    {
        if (height < 1 || width < 1 || grey.Length != height * width)
            throw new ArgumentException($"{grey.Length} values for a {height}x{width} frame", nameof(grey));
    }

    private static (double Low, double High) Percentiles(ReadOnlySpan<float> values, double low, double high) => Quantiles.Percentiles(values, low, high);
}
