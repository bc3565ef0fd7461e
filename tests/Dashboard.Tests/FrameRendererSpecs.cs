using CellActors.Dashboard.Rendering;
using CellActors.Imaging;
using OpenCvSharp;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>Contrast stretching of 8-bit, 16-bit and float frames, and outlines coloured by track.</summary>
public sealed class FrameRendererSpecs
{
    private static Mat Ramp(MatType type, double scale)
    {
        var m = new Mat(40, 50, type);
        for (var y = 0; y < 40; y++)
            for (var x = 0; x < 50; x++)
            {
                var v = (y * 50 + x) / 1999.0 * scale;
                if (type == MatType.CV_8UC1) m.Set(y, x, (byte)Math.Round(v));
                else if (type == MatType.CV_16UC1) m.Set(y, x, (ushort)Math.Round(v));
                else m.Set(y, x, (float)v);
            }
        return m;
    }

    [Theory]
    [InlineData(0, 255.0)]      // 8-bit, full range
    [InlineData(2, 4000.0)]     // 16-bit, a 12-bit camera's range
    [InlineData(5, 0.02)]       // float, tiny values
    public void Stretch_maps_the_low_percentile_to_black_and_the_high_one_to_white(int depth, double scale)
    {
        using var m = Ramp(MatType.MakeType(depth, 1), scale);
        var g = FrameRenderer.Stretch(m);
        Assert.Equal(0, g[0]);
        Assert.Equal(255, g[^1]);
        Assert.InRange(g[g.Length / 2], 110, 145);
        for (var i = 1; i < g.Length; i++) Assert.True(g[i] >= g[i - 1], "monotonic");
    }

    [Fact]
    public void A_flat_frame_is_black_not_an_error()
    {
        using var m = new Mat(10, 10, MatType.CV_16UC1, new Scalar(500));
        Assert.All(FrameRenderer.Stretch(m), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Outlines_are_drawn_on_the_mask_border_in_the_tracks_colour()
    {
        using var m = new Mat(20, 20, MatType.CV_8UC1, new Scalar(10));
        var mask = new bool[400];
        for (var y = 5; y < 12; y++) for (var x = 4; x < 9; x++) mask[y * 20 + x] = true;
        var rle = Rle.Encode(mask, 20, 20);
        using var tracked = Cv2.ImDecode(FrameRenderer.RenderPng(m, [new MaskOutline(1, rle, 42)]), ImreadModes.Color);
        var c = FrameRenderer.TrackColour(42);
        Assert.Equal(new Vec3b(c.B, c.G, c.R), tracked.At<Vec3b>(5, 4));   // corner of the mask: border
        Assert.Equal(new Vec3b(c.B, c.G, c.R), tracked.At<Vec3b>(11, 8));
        Assert.NotEqual(new Vec3b(c.B, c.G, c.R), tracked.At<Vec3b>(8, 6)); // inside: the frame
        Assert.NotEqual(new Vec3b(c.B, c.G, c.R), tracked.At<Vec3b>(4, 4)); // outside
        using var untracked = Cv2.ImDecode(FrameRenderer.RenderPng(m, [new MaskOutline(1, rle, null)]), ImreadModes.Color);
        Assert.Equal(new Vec3b(FrameRenderer.Untracked.B, FrameRenderer.Untracked.G, FrameRenderer.Untracked.R), untracked.At<Vec3b>(5, 4));
        using var selected = Cv2.ImDecode(FrameRenderer.RenderPng(m, [new MaskOutline(1, rle, 42)], selectedLabel: 1), ImreadModes.Color);
        Assert.Equal(new Vec3b(FrameRenderer.Selected.B, FrameRenderer.Selected.G, FrameRenderer.Selected.R), selected.At<Vec3b>(5, 4));
        Assert.NotEqual(FrameRenderer.TrackColour(1), FrameRenderer.TrackColour(2));
    }

    [Fact]
    public void A_mask_that_does_not_fit_the_frame_is_skipped_and_the_rest_drawn()
    {
        using var m = new Mat(20, 20, MatType.CV_8UC1, new Scalar(10));
        var png = FrameRenderer.RenderPng(m, [new MaskOutline(1, "395 100", 1), new MaskOutline(2, "1 3", 2)]);
        using var img = Cv2.ImDecode(png, ImreadModes.Color);
        Assert.Equal(20, img.Rows);
    }

    [Theory]
    [InlineData("1 3", 10, 0, 0, true)]
    [InlineData("1 3", 10, 0, 2, true)]
    [InlineData("1 3", 10, 0, 3, false)]
    [InlineData("11 2", 10, 1, 0, true)]
    [InlineData("11 2", 10, 0, 0, false)]
    [InlineData("5 2 15 2", 10, 1, 5, true)]
    [InlineData("5 2 15 2", 10, 1, 7, false)]
    public void Rle_hit_test_reads_column_major_one_based_runs(string rle, int height, int x, int y, bool inside) =>
        Assert.Equal(inside, DashboardEndpoints.RleCovers(rle, height, x, y));
}
