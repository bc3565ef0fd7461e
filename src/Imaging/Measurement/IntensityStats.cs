using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Raw-intensity summary of one labelled object. <see cref="Min"/>, <see cref="Max"/> and <see cref="Sum"/>
/// are 0 when <see cref="Count"/> is 0 (the label is absent).
/// </summary>
public sealed record LabelIntensity(int Label, long Count, double Sum, double Min, double Max)
{
    /// <summary>Mean intensity (Sum / Count), 0 for an absent label.</summary>
    public double Mean => Count > 0 ? Sum / Count : 0;
}

/// <summary>Whole-frame intensity summary; <see cref="Std"/> is the population standard deviation.</summary>
public sealed record FrameIntensity(double Mean, double Min, double Max, double Std);

/// <summary>Intensity statistics of raw (not denoised) single-channel pixels: CV_8U, CV_16U, CV_16S, CV_32F or CV_64F.</summary>
public static class IntensityStats
{
    /// <summary>
    /// Per-label count, sum, min and max of <paramref name="raw"/> under <paramref name="labels"/>, in one pass.
    /// Result index = label - 1, length = <see cref="LabelImage.Count"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, or the image is not single-channel of a supported depth.</exception>
    public static LabelIntensity[] PerLabel(Mat raw, LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(labels);
        if (raw.Rows != labels.Height || raw.Cols != labels.Width)
            throw new ArgumentException($"image is {raw.Rows}x{raw.Cols} but labels are {labels.Height}x{labels.Width}", nameof(raw));
        if (raw.Channels() != 1) throw new ArgumentException($"intensity needs a single-channel image, got {raw.Channels()} channels", nameof(raw));
        int n = labels.Count;
        var count = new long[n + 1];
        var sum = new double[n + 1];
        var min = new double[n + 1];
        var max = new double[n + 1];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        using var cont = raw.IsContinuous() ? null : raw.Clone();
        var src = cont ?? raw;
        var lab = labels.Labels;
        int depth = src.Depth();
        switch (depth)
        {
            case MatType.CV_8U: Accumulate<byte>(src.AsSpan<byte>(), lab, count, sum, min, max, n); break;
            case MatType.CV_16U: Accumulate<ushort>(src.AsSpan<ushort>(), lab, count, sum, min, max, n); break;
            case MatType.CV_16S: Accumulate<short>(src.AsSpan<short>(), lab, count, sum, min, max, n); break;
            case MatType.CV_32F: Accumulate<float>(src.AsSpan<float>(), lab, count, sum, min, max, n); break;
            case MatType.CV_64F: Accumulate<double>(src.AsSpan<double>(), lab, count, sum, min, max, n); break;
            default: throw new ArgumentException($"unsupported pixel depth {depth}", nameof(raw));
        }
        var result = new LabelIntensity[n];
        for (int l = 1; l <= n; l++)
            result[l - 1] = count[l] == 0
                ? new LabelIntensity(l, 0, 0, 0, 0)
                : new LabelIntensity(l, count[l], sum[l], min[l], max[l]);
        return result;
    }

    private static void Accumulate<T>(ReadOnlySpan<T> px, int[] lab, long[] count, double[] sum, double[] min, double[] max, int n)
        where T : unmanaged
    {
        for (int i = 0; i < lab.Length; i++)
        {
            int l = lab[i];
            if (l <= 0 || l > n) continue;
            double v = ToDouble(px[i]);
            count[l]++;
            sum[l] += v;
            if (v < min[l]) min[l] = v;
            if (v > max[l]) max[l] = v;
        }
    }

    private static double ToDouble<T>(T v) where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref v);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref v);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref v);
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        return Unsafe.As<T, double>(ref v);
    }

    /// <summary>Mean, min, max and population standard deviation of every pixel of <paramref name="raw"/>; all 0 for an empty image.</summary>
    public static FrameIntensity Frame(Mat raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Empty()) return new FrameIntensity(0, 0, 0, 0);
        if (raw.Channels() != 1) throw new ArgumentException($"intensity needs a single-channel image, got {raw.Channels()} channels", nameof(raw));
        Cv2.MeanStdDev(raw, out var mean, out var std);
        Cv2.MinMaxLoc(raw, out double min, out double max);
        return new FrameIntensity(mean.Val0, min, max, std.Val0);
    }
}
