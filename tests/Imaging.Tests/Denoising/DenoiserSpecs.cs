using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Denoising;

public sealed class DenoiserSpecs
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Median_removes_an_impulse(int depth)
    {
        MatType type = depth switch { 0 => MatType.CV_8UC1, 2 => MatType.CV_16UC1, _ => MatType.CV_32FC1 };
        using var img = new Mat(21, 21, type, new Scalar(100));
        img.SetTo(new Scalar(depth == 0 ? 255 : 60000), ImpulseMask(21, 10, 10));
        img.SetTo(new Scalar(0), ImpulseMask(21, 3, 15));

        using var out3 = Denoiser.Apply(img, new DenoiseOptions(DenoiseMethod.Median, KernelSize: 3));

        Assert.Equal(type, out3.Type());
        Cv2.MinMaxLoc(out3, out double min, out double max);
        Assert.Equal(100, min);
        Assert.Equal(100, max);
    }

    [Fact]
    public void Median_on_16_bit_keeps_values_above_255_exactly_where_flat()
    {
        using var img = new Mat(30, 40, MatType.CV_16UC1, new Scalar(1234));
        using (var right = new Mat(img, new Rect(20, 0, 20, 30))) right.SetTo(new Scalar(54321));
        img.Set(5, 5, (ushort)9);

        foreach (int k in new[] { 3, 5 })
        {
            using var result = Denoiser.Apply(img, new DenoiseOptions(DenoiseMethod.Median, KernelSize: k));
            Assert.Equal(MatType.CV_16UC1, result.Type());
            Assert.Equal((ushort)1234, result.At<ushort>(5, 5));
            Assert.Equal((ushort)1234, result.At<ushort>(15, 10));
            Assert.Equal((ushort)54321, result.At<ushort>(15, 30));
            Assert.Equal((ushort)54321, result.At<ushort>(0, 39));
        }
    }

    [Fact]
    public void Median_larger_than_5_on_16_bit_is_rejected_but_fine_on_8_bit()
    {
        using var img16 = new Mat(10, 10, MatType.CV_16UC1, new Scalar(1000));
        var ex = Assert.Throws<ArgumentException>(() => Denoiser.Apply(img16, new DenoiseOptions(DenoiseMethod.Median, KernelSize: 7)));
        Assert.Contains("at most 5", ex.Message);

        using var img8 = new Mat(10, 10, MatType.CV_8UC1, new Scalar(10));
        using var ok = Denoiser.Apply(img8, new DenoiseOptions(DenoiseMethod.Median, KernelSize: 7));
        Assert.Equal(10, ok.At<byte>(5, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Gaussian_keeps_depth_and_size_and_smooths(int depth)
    {
        MatType type = depth switch { 0 => MatType.CV_8UC1, 2 => MatType.CV_16UC1, _ => MatType.CV_32FC1 };
        using var img = TestTiff.Random(33, 47, type, seed: 4, high: depth == 0 ? 255 : 4000);

        using var blurred = Denoiser.Apply(img, new DenoiseOptions(DenoiseMethod.Gaussian, Sigma: 1.5));

        Assert.Equal(type, blurred.Type());
        Assert.Equal(img.Size(), blurred.Size());
        Cv2.MeanStdDev(img, out _, out Scalar sdIn);
        Cv2.MeanStdDev(blurred, out _, out Scalar sdOut);
        Assert.True(sdOut.Val0 < sdIn.Val0 / 2, $"std {sdIn.Val0} -> {sdOut.Val0}");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(2, 5)]
    [InlineData(5, 5)]
    [InlineData(2, 25)]
    [InlineData(5, 25)]
    public void Background_subtraction_flattens_a_ramp_and_keeps_small_objects(int depth, int radius)
    {
        MatType type = depth switch { 0 => MatType.CV_8UC1, 2 => MatType.CV_16UC1, _ => MatType.CV_32FC1 };
        int w = 200, h = 120;
        double scale = depth == 0 ? 1 : 50;
        using var img = new Mat(h, w, type);
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            double v = scale * (10 + x / 2.0 + y / 4.0); // a smooth illumination ramp
            if ((x - 100) * (x - 100) + (y - 60) * (y - 60) <= 9) v += scale * 60; // a small bright cell, radius 3
            Set(img, y, x, depth == 0 ? Math.Floor(v) : v);
        }

        using var flat = Denoiser.Apply(img, new DenoiseOptions(DenoiseMethod.BackgroundSubtract, BackgroundRadius: radius));

        Assert.Equal(type, flat.Type());
        Cv2.MinMaxLoc(flat, out double min, out _);
        Assert.True(min >= 0);
        // The ramp is gone away from the borders, the cell survives.
        int margin = radius + 2;
        using var inner = new Mat(flat, new Rect(margin, margin, w - 2 * margin, h - 2 * margin));
        using var mask = new Mat(inner.Size(), MatType.CV_8UC1, new Scalar(255));
        Cv2.Circle(mask, new Point(100 - margin, 60 - margin), 5, new Scalar(0), -1);
        Cv2.MinMaxLoc(inner, out _, out double bgMax, out _, out _, mask);
        Assert.True(bgMax <= scale * 3, $"background left: {bgMax}");
        Assert.True(Get(flat, 60, 100) >= scale * 55, $"cell kept: {Get(flat, 60, 100)}");
    }

    [Fact]
    public void None_is_a_copy_and_input_is_untouched()
    {
        using var img = TestTiff.Random(8, 9, MatType.CV_16UC1, seed: 2);
        using var before = img.Clone();
        using var copy = Denoiser.Apply(img, DenoiseOptions.None);
        Assert.True(TestTiff.SameBytes(img, copy));
        Assert.NotEqual(img.Data, copy.Data);
        using var median = Denoiser.Apply(img, DenoiseOptions.Default);
        Assert.True(TestTiff.SameBytes(before, img));
    }

    [Fact]
    public void Invalid_input_and_options_are_rejected()
    {
        using var rgb = new Mat(4, 4, MatType.CV_8UC3);
        Assert.Throws<ArgumentException>(() => Denoiser.Apply(rgb, DenoiseOptions.Default));
        using var i32 = new Mat(4, 4, MatType.CV_32SC1);
        Assert.Throws<ArgumentException>(() => Denoiser.Apply(i32, DenoiseOptions.Default));
        using var ok = new Mat(4, 4, MatType.CV_8UC1);
        Assert.Throws<ArgumentException>(() => Denoiser.Apply(ok, new DenoiseOptions(DenoiseMethod.Median, KernelSize: 4)));
        Assert.Throws<ArgumentException>(() => Denoiser.Apply(ok, new DenoiseOptions(DenoiseMethod.Gaussian, Sigma: 0)));
        Assert.Throws<ArgumentException>(() => Denoiser.Apply(ok, new DenoiseOptions(DenoiseMethod.BackgroundSubtract, BackgroundRadius: 0)));
    }

    private static Mat ImpulseMask(int size, int y, int x)
    {
        var m = new Mat(size, size, MatType.CV_8UC1, new Scalar(0));
        m.Set(y, x, (byte)255);
        return m;
    }

    private static void Set(Mat m, int y, int x, double v)
    {
        if (m.Depth() == MatType.CV_8U) m.Set(y, x, (byte)Math.Min(255, v));
        else if (m.Depth() == MatType.CV_16U) m.Set(y, x, (ushort)Math.Min(65535, v));
        else m.Set(y, x, (float)v);
    }

    private static double Get(Mat m, int y, int x) =>
        m.Depth() == MatType.CV_8U ? m.At<byte>(y, x) : m.Depth() == MatType.CV_16U ? m.At<ushort>(y, x) : m.At<float>(y, x);
}
