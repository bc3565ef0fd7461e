using CellActors.Imaging;
using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

public sealed class ImageAppearanceSpecs
{
    /// <summary>A deterministic 48 × 64 frame: a bright blob, ripples and a fine pattern on a dark floor.</summary>
    private static float[] Pattern(bool inverted)
    {
        var v = new float[48 * 64];
        for (var y = 0; y < 48; y++)
            for (var x = 0; x < 64; x++)
            {
                var p = 20 + 200 * Math.Exp(-((x - 30.0) * (x - 30.0) + (y - 20.0) * (y - 20.0)) / 50) + 10 * Math.Sin(x * 0.7) * Math.Cos(y * 1.3) + 5 * ((x * 7 + y * 13) % 11);
                v[y * 64 + x] = (float)(inverted ? 255 - p : p);
            }
        return v;
    }

    [Fact]
    public void Background_position_is_the_one_the_training_data_was_prepared_with()
    {
        // models/training/data.py background_position() of the same frames (numpy/scipy, float64): 0.13780558444483587 and 0.8246683161635096
        Assert.Equal(0.13780558444483587, ImageAppearance.BackgroundPosition(Pattern(false), 48, 64), 5);
        Assert.Equal(0.8246683161635096, ImageAppearance.BackgroundPosition(Pattern(true), 48, 64), 5);
        Assert.Equal(0, ImageAppearance.BackgroundPosition(new float[100], 10, 10));
        Assert.Throws<ArgumentException>(() => ImageAppearance.BackgroundPosition(new float[10], 3, 3));
    }

    [Fact]
    public void Noise_sigma_measures_gaussian_noise_and_not_smooth_content()
    {
        var rng = new Random(7);
        var v = new float[256 * 256];
        for (var i = 0; i < v.Length; i++)
        {
            var (y, x) = (i / 256, i % 256);
            var u1 = 1 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var gauss = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            v[i] = (float)(100 + 50 * Math.Sin(x / 20.0) + 30 * Math.Cos(y / 15.0) + 5 * gauss);
        }
        Assert.InRange(ImageAppearance.NoiseSigma(v, 256, 256), 4.7, 5.3);
    }

    /// <summary>Discs of radius 10 on a 128 × 128 frame, drawn by <paramref name="draw"/> (background, disc value at a point) → grey.</summary>
    private static float[] Discs(Func<int, int, double> draw)
    {
        var v = new float[128 * 128];
        for (var y = 0; y < 128; y++)
            for (var x = 0; x < 128; x++) v[y * 128 + x] = (float)draw(y, x);
        return v;
    }

    private static double Disc(int y, int x)
    {
        double d = double.MaxValue;
        foreach (var (cy, cx) in new[] { (30, 30), (30, 90), (90, 40), (95, 95), (60, 64) })
            d = Math.Min(d, Math.Sqrt((y - cy) * (y - cy) + (x - cx) * (x - cx)));
        return Math.Clamp(10.5 - d, 0, 1); // 1 inside, a one-pixel soft edge
    }

    [Fact]
    public void Fluorescence_brightfield_and_relief_are_told_apart_from_the_pixels()
    {
        var noise = new Random(3);
        double N() => noise.NextDouble() - 0.5;
        var fluo = ImageAppearance.Measure(Discs((y, x) => 10 + 200 * Disc(y, x) + N()), 128, 128);
        Assert.Equal(Modality.Fluorescence, fluo.Modality);
        Assert.False(fluo.Inverted);
        Assert.InRange(fluo.BackgroundPosition, 0, 0.2);

        var bright = ImageAppearance.Measure(Discs((y, x) => 220 - 150 * Disc(y, x) + N()), 128, 128);
        Assert.Equal(Modality.Brightfield, bright.Modality);
        Assert.True(bright.Inverted);
        Assert.InRange(bright.BackgroundPosition, 0.8, 1);

        // DIC-like relief: the derivative of the discs along a shear direction, on a mid-grey background
        var relief = ImageAppearance.Measure(Discs((y, x) => 128 + 60 * (Disc(y, x + 1) - Disc(y, x - 1) + Disc(y + 1, x) - Disc(y - 1, x)) + N()), 128, 128);
        Assert.Equal(Modality.Relief, relief.Modality);
        Assert.InRange(relief.BackgroundPosition, 0.2, 0.8);
        Assert.False(relief.Colour);
    }

    [Fact]
    public void Colour_is_channels_that_differ()
    {
        using var grey3 = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(90));
        Assert.False(ImageAppearance.HasColour(grey3));
        using var colour = grey3.Clone();
        colour.Set(2, 3, new Vec3b(90, 91, 90));
        Assert.True(ImageAppearance.HasColour(colour));
        using var grey = new Mat(8, 8, MatType.CV_8UC1, Scalar.All(5));
        Assert.False(ImageAppearance.HasColour(grey));
    }
}
