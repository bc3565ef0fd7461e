using System.Numerics;
using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>Intensity statistics of raw (not denoised) single-channel pixels: CV_8U, CV_16U, CV_16S, CV_32F or CV_64F.</summary>
public static class IntensityStats
{
    /// <summary>
    /// Per-label count, sum, sum of squares, min and max of <paramref name="raw"/> under <paramref name="labels"/>, in one pass.
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
        var sq = new double[n + 1];
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
            case MatType.CV_8U: Accumulate<byte>(src.AsSpan<byte>(), lab, count, sum, sq, min, max, n); break;
            case MatType.CV_16U: Accumulate<ushort>(src.AsSpan<ushort>(), lab, count, sum, sq, min, max, n); break;
            case MatType.CV_16S: Accumulate<short>(src.AsSpan<short>(), lab, count, sum, sq, min, max, n); break;
            case MatType.CV_32F: Accumulate<float>(src.AsSpan<float>(), lab, count, sum, sq, min, max, n); break;
            case MatType.CV_64F: Accumulate<double>(src.AsSpan<double>(), lab, count, sum, sq, min, max, n); break;
            default: throw new ArgumentException($"unsupported pixel depth {depth}", nameof(raw));
        }
        var result = new LabelIntensity[n];
        for (int l = 1; l <= n; l++)
            result[l - 1] = count[l] == 0
                ? new LabelIntensity(l, 0, 0, 0, 0)
                : new LabelIntensity(l, count[l], sum[l], min[l], max[l], sq[l]);
        return result;
    }

    private static void Accumulate<T>(ReadOnlySpan<T> px, int[] lab, long[] count, double[] sum, double[] sq, double[] min, double[] max, int n)
        where T : unmanaged
    {
        // Background is skipped a vector at a time; each run of one label is summed in a register, pixel by pixel in
        // the same order as before (so float sums round identically).
        var labels = lab.AsSpan();
        int i = 0;
        while (i < labels.Length)
        {
            int k = labels[i..].IndexOfAnyExcept(0);
            if (k < 0) break;
            i += k;
            int l = labels[i];
            int run = labels[i..].IndexOfAnyExcept(l);
            int end = run < 0 ? labels.Length : i + run;
            if (l <= 0 || l > n) { i = end; continue; }
            count[l] += end - i;
            double s = sum[l], q = sq[l], lo = min[l], hi = max[l];
            for (; i < end; i++)
            {
                double v = ToDouble(px[i]);
                s += v;
                q += v * v;
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            sum[l] = s; sq[l] = q; min[l] = lo; max[l] = hi;
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
        if (raw.Depth() == MatType.CV_16U && raw.IsContinuous()) return Frame16U(raw.AsSpan<ushort>());
        Cv2.MeanStdDev(raw, out var mean, out var std);
        Cv2.MinMaxLoc(raw, out double min, out double max);
        return new FrameIntensity(mean.Val0, min, max, std.Val0);
    }

    /// <summary>
    /// One vectorised pass over 16-bit pixels: exact integer sum and sum of squares, min and max; mean and standard
    /// deviation then follow OpenCV's meanStdDev formulas (s·(1/n), sqrt(max(q·(1/n) − mean², 0))), so the results are
    /// the same numbers it gives.
    /// </summary>
    private static FrameIntensity Frame16U(ReadOnlySpan<ushort> px)
    {
        ulong sum = 0, sumSq = 0;
        int lo = ushort.MaxValue, hi = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && px.Length >= Vector<ushort>.Count)
        {
            var vmin = new Vector<ushort>(ushort.MaxValue);
            var vmax = Vector<ushort>.Zero;
            var acc = Vector<ulong>.Zero;
            var accSq = Vector<ulong>.Zero;
            int vc = Vector<ushort>.Count;
            while (i <= px.Length - vc)
            {
                // Per block: 32-bit lane sums stay exact (at most 4096 · 2 · 65535 per lane).
                var blockSum = Vector<uint>.Zero;
                int blockEnd = Math.Min(px.Length - vc, i + 4096 * vc);
                for (; i <= blockEnd; i += vc)
                {
                    var v = new Vector<ushort>(px[i..]);
                    vmin = Vector.Min(vmin, v);
                    vmax = Vector.Max(vmax, v);
                    Vector.Widen(v, out Vector<uint> a, out Vector<uint> b);
                    blockSum += a + b;
                    Vector.Widen(a * a, out Vector<ulong> a0, out Vector<ulong> a1);
                    Vector.Widen(b * b, out Vector<ulong> b0, out Vector<ulong> b1);
                    accSq += (a0 + a1) + (b0 + b1);
                }
                Vector.Widen(blockSum, out Vector<ulong> s0, out Vector<ulong> s1);
                acc += s0 + s1;
            }
            sum = Vector.Sum(acc);
            sumSq = Vector.Sum(accSq);
            for (int k = 0; k < vc; k++)
            {
                if (vmin[k] < lo) lo = vmin[k];
                if (vmax[k] > hi) hi = vmax[k];
            }
        }
        for (; i < px.Length; i++)
        {
            uint v = px[i];
            sum += v;
            sumSq += (ulong)v * v;
            if (v < lo) lo = (int)v;
            if (v > hi) hi = (int)v;
        }
        double scale = 1.0 / px.Length;
        double mean = sum * scale;
        double std = Math.Sqrt(Math.Max(sumSq * scale - mean * mean, 0.0));
        return new FrameIntensity(mean, lo, hi, std);
    }
}
