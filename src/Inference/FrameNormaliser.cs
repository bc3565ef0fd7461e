using CellActors.Imaging;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace CellActors.Inference;

/// <summary>
/// Turns a frame into the network's input values: grey float32 (colour frames: the mean of their colour channels, alpha
/// ignored), then normalised over the whole frame (not per tile, so tiles agree with each other).
/// </summary>
public static class FrameNormaliser
{
    /// <summary>The frame's grey values, row-major, as float32 (8/16-bit, signed and float frames; 1, 3 or 4 channels).</summary>
    public static float[] Grey(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Dims != 2 || image.Empty()) throw new ArgumentException("a 2D, non-empty frame is needed", nameof(image));
        var ch = image.Channels();
        using var f = new Mat();
        image.ConvertTo(f, MatType.CV_32FC(ch));
        var h = f.Rows;
        var w = f.Cols;
        var all = new float[h * w * ch];
        using (var c = f.IsContinuous() ? f : f.Clone())
            Marshal.Copy(c.Data, all, 0, all.Length);
        if (ch == 1) return all;
        var colours = Math.Min(ch, 3);
        var grey = new float[h * w];
        for (var i = 0; i < grey.Length; i++)
        {
            float s = 0;
            for (var k = 0; k < colours; k++) s += all[i * ch + k];
            grey[i] = s / colours;
        }
        return grey;
    }

    /// <summary>Normalises <paramref name="values"/> in place as <paramref name="n"/> says.</summary>
    public static void Apply(Span<float> values, Normalisation n)
    {
        ArgumentNullException.ThrowIfNull(n);
        if (values.IsEmpty) return;
        switch (n.Kind)
        {
            case NormalisationKind.None:
                return;
            case NormalisationKind.Percentile:
            {
                var (lo, hi) = Percentiles(values, n.Low, n.High);
                var scale = (float)(1.0 / (hi - lo + n.Epsilon));
                var offset = (float)lo;
                for (var i = 0; i < values.Length; i++) values[i] = (values[i] - offset) * scale;
                return;
            }
            case NormalisationKind.ZeroMeanUnitVariance:
            {
                double sum = 0, sq = 0;
                foreach (var v in values) sum += v;
                var mean = sum / values.Length;
                foreach (var v in values) sq += (v - mean) * (v - mean);
                var std = Math.Sqrt(sq / values.Length);
                var scale = (float)(1.0 / (std + n.Epsilon));
                var m = (float)mean;
                for (var i = 0; i < values.Length; i++) values[i] = (values[i] - m) * scale;
                return;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(n), n.Kind, "unknown normalisation");
        }
    }

    /// <summary>The <paramref name="low"/> and <paramref name="high"/> percentiles (0..100) with linear interpolation, as numpy's default (<see cref="Quantiles"/>).</summary>
    public static (double Low, double High) Percentiles(ReadOnlySpan<float> values, double low, double high) => Quantiles.Percentiles(values, low, high);
}
