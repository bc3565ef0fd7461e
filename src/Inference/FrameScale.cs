using System.Runtime.InteropServices;
using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.Inference;

/// <summary>
/// Resampling of frames and probability maps for models with an <see cref="ObjectSize"/>, and the choice of scale from
/// the objects a first pass found. Scales are quantised to quarter octaves (2^(k/4)) so that consecutive frames of a
/// sequence, whose objects barely change, get the same scale and masks that do not flicker.
/// </summary>
public static class FrameScale
{
    /// <summary>The scale of the first pass that measures objects (half size: a quarter of the pixels).</summary>
    public const double ProbeScale = 0.5;

    /// <summary>The size of an axis of <paramref name="length"/> pixels at <paramref name="scale"/> (at least 1).</summary>
    public static int Scaled(int length, double scale) => Math.Max(1, (int)Math.Round(length * scale));

    /// <summary>Resamples a row-major float plane to <paramref name="height"/> × <paramref name="width"/> (area averaging when shrinking, bilinear when enlarging).</summary>
    public static float[] Resize(float[] values, int rows, int cols, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != rows * cols) throw new ArgumentException($"{values.Length} values for a {rows}x{cols} plane", nameof(values));
        if (rows == height && cols == width) return (float[])values.Clone();
        var shrink = height <= rows && width <= cols;
        return Resample(values, rows, cols, height, width, shrink ? InterpolationFlags.Area : InterpolationFlags.Linear);
    }

    /// <summary>Probability maps resampled (bilinear) to <paramref name="height"/> × <paramref name="width"/> (the caller sets their <see cref="ProbabilityMaps.Scale"/>).</summary>
    public static ProbabilityMaps Resize(ProbabilityMaps maps, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(maps);
        float[] Back(float[] v) => Resample(v, maps.Height, maps.Width, height, width, InterpolationFlags.Linear);
        return new ProbabilityMaps(height, width, Back(maps.Interior), maps.Boundary is { } b ? Back(b) : null);
    }

    private static float[] Resample(float[] values, int rows, int cols, int height, int width, InterpolationFlags how)
    {
        using var src = Mat.FromPixelData(rows, cols, MatType.CV_32FC1, values);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(width, height), 0, 0, how);
        var result = new float[height * width];
        Marshal.Copy(dst.Data, result, 0, result.Length);
        return result;
    }

    /// <summary>
    /// The scale at which to segment a frame whose objects, found at <paramref name="measuredAt"/> in
    /// <paramref name="found"/>, have the typical diameter d (<see cref="TypicalDiameter"/>, in frame pixels): <c>size.Diameter / d</c>, quantised to
    /// quarter octaves, 1 within a quarter octave of 1, and kept within the size's limits; 1 when nothing was found.
    /// </summary>
    public static double Choose(LabelImage found, double measuredAt, ObjectSize size)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(size);
        return ForDiameter(TypicalDiameter(found) / measuredAt, size);
    }

    /// <summary>
    /// The scale at which to segment a frame whose objects have the diameter <paramref name="frameDiameter"/> (frame
    /// pixels): <c>size.Diameter / frameDiameter</c>, quantised to quarter octaves, 1 within a quarter octave of 1, and
    /// kept within the size's limits; 1 when the diameter is not a positive number.
    /// </summary>
    public static double ForDiameter(double frameDiameter, ObjectSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var d = frameDiameter;
        if (double.IsNaN(d) || d <= 0) return 1.0;
        var k = Math.Round(4 * Math.Log2(size.Diameter / d));
        if (Math.Abs(k) < 1) return 1.0;
        return Math.Clamp(Math.Pow(2, k / 4), size.MinScale, size.MaxScale);
    }

    /// <summary>Objects smaller than this many pixels (at the probe's scale) are specks of noise, not counted by <see cref="TypicalDiameter"/>.</summary>
    public const int MinMeasuredArea = 32;

    /// <summary>
    /// The equivalent-circle diameter of the object that holds the median object pixel, objects ordered by area: a
    /// median weighted by area, so that many fragments (a cell cut up, a noisy band at an edge) do not outvote the
    /// few large objects that make most of the foreground. Objects under <see cref="MinMeasuredArea"/> pixels are not
    /// counted; NaN when none is left.
    /// </summary>
    public static double TypicalDiameter(LabelImage labels)
    {
        var area = ProbabilityInstances.TypicalArea(labels, MinMeasuredArea);
        return area == int.MaxValue ? double.NaN : 2 * Math.Sqrt(area / Math.PI);
    }
}
