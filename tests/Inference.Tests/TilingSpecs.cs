using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>Tiling, padding and batching give the whole-image result (a 5x5 test convolution: receptive field 2 pixels).</summary>
public sealed class TilingSpecs : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly ModelDescription _model;

    public TilingSpecs() => _model = ModelDescriptions.Load(OnnxTestModels.Write(_tmp.Sub("conv")));

    public void Dispose() => _tmp.Dispose();

    private static (float[] Grey, int H, int W, int Cells) SyntheticFrame(int h, int w, int seed = 3)
    {
        using var f = SyntheticTimeLapse.Frames(new SynthOptions(Frames: 1, Height: h, Width: w, InitialCells: 14, Seed: seed, MeanRadius: 9)).First();
        return (FrameNormaliser.Grey(f.Image), h, w, f.Segmentation.Count);
    }

    [Theory]
    [InlineData(1, 16, 0)]
    [InlineData(10, 16, 4)]
    [InlineData(100, 32, 2)]
    [InlineData(200, 48, 8)]
    [InlineData(232, 64, 16)]
    [InlineData(500, 512, 32)]
    [InlineData(1000, 512, 32)]
    public void The_kept_regions_partition_the_axis_and_keep_the_overlap_as_context(int length, int size, int overlap)
    {
        var spans = TilePlan.Axis(length, size, overlap);
        Assert.Equal(0, spans[0].WriteStart);
        Assert.Equal(length, spans[^1].WriteEnd);
        for (var i = 0; i < spans.Count; i++)
        {
            var s = spans[i];
            Assert.True(s.WriteEnd > s.WriteStart);
            if (i > 0) Assert.Equal(spans[i - 1].WriteEnd, s.WriteStart);
            Assert.True(s.WriteStart - s.Start >= overlap, $"tile {i}: left context {s.WriteStart - s.Start}");
            Assert.True(s.Start + size - s.WriteEnd >= overlap, $"tile {i}: right context {s.Start + size - s.WriteEnd}");
        }
    }

    [Fact]
    public void Mirroring_reflects_without_repeating_the_edge()
    {
        Assert.Equal([2, 1, 0, 1, 2, 3, 2, 1, 0], Enumerable.Range(-2, 9).Select(i => TilePlan.Mirror(i, 4)));
        Assert.Equal(0, TilePlan.Mirror(7, 1));
        Assert.Equal(3, TilePlan.Mirror(-9, 4));
    }

    [Theory]
    [InlineData(32, 2)]
    [InlineData(48, 4)]
    [InlineData(64, 8)]
    [InlineData(96, 16)]
    [InlineData(128, 30)]
    public void Tiled_inference_equals_whole_image_inference(int tile, int overlap)
    {
        var (grey, h, w, _) = SyntheticFrame(200, 232);
        using var whole = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: 512, Overlap: overlap));
        using var tiled = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: tile, Overlap: overlap, BatchSize: 3));
        var a = whole.Predict(grey, h, w);
        var b = tiled.Predict(grey, h, w);
        Assert.Equal(1, whole.Runs);
        Assert.True(tiled.Runs > 1);
        AssertClose(a.Interior, b.Interior, 1e-5f);
        AssertClose(a.Boundary!, b.Boundary!, 1e-5f);
        var la = whole.Instances(a);
        var lb = tiled.Instances(b);
        Assert.True(la.Count > 5, $"{la.Count} objects");
        Assert.Equal(la.Count, lb.Count);
        Assert.Equal(la.Labels, lb.Labels);
    }

    [Fact]
    public void Batches_of_several_tiles_give_the_result_of_one_tile_at_a_time()
    {
        var (grey, h, w, _) = SyntheticFrame(150, 170);
        using var one = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: 48, Overlap: 4, BatchSize: 1));
        using var many = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: 48, Overlap: 4, BatchSize: 7));
        var a = one.Predict(grey, h, w);
        var b = many.Predict(grey, h, w);
        Assert.True(one.Runs > many.Runs);
        AssertClose(a.Interior, b.Interior, 1e-6f);
        Assert.Equal(one.Instances(a).Labels, many.Instances(b).Labels);
    }

    [Theory]
    [InlineData(37, 50)]
    [InlineData(16, 16)]
    [InlineData(65, 17)]
    [InlineData(5, 7)]
    [InlineData(1, 1)]
    public void Frames_of_any_size_and_smaller_than_a_tile_work(int h, int w)
    {
        var (big, bh, bw, _) = SyntheticFrame(128, 128);
        var grey = new float[h * w];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                grey[y * w + x] = big[(y + 40) * bw + x + 40];
        using var tiled = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: 32, Overlap: 4));
        using var whole = new OnnxSegmenter(_model, new OnnxSegmenterOptions(Tile: 256, Overlap: 4));
        var a = tiled.Predict(grey, h, w);
        var b = whole.Predict(grey, h, w);
        Assert.Equal(h * w, a.Interior.Length);
        AssertClose(a.Interior, b.Interior, 1e-5f);
        var labels = tiled.Instances(a);
        Assert.Equal((h, w), (labels.Height, labels.Width));
        _ = bh;
    }

    [Fact]
    public void Segments_synthetic_nuclei_of_8_and_16_bit_frames()
    {
        using var s = new OnnxSegmenter(_model);
        foreach (var bits in new[] { 8, 16 })
        {
            using var f = SyntheticTimeLapse.Frames(new SynthOptions(Frames: 1, Height: 160, Width: 180, InitialCells: 10, Seed: 5, BitDepth: bits)).First();
            var labels = s.Segment(f.Image);
            Assert.Equal((160, 180), (labels.Height, labels.Width));
            Assert.InRange(labels.Count, f.Segmentation.Count / 2, f.Segmentation.Count * 2);
        }
    }

    [Fact]
    public void Colour_frames_are_read_as_the_mean_of_their_colour_channels()
    {
        using var bgr = new OpenCvSharp.Mat(2, 2, OpenCvSharp.MatType.CV_8UC4, new OpenCvSharp.Scalar(30, 60, 90, 255));
        Assert.All(FrameNormaliser.Grey(bgr), v => Assert.Equal(60f, v));
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        var v = Enumerable.Range(0, 101).Select(i => (float)(100 - i)).ToArray();
        var (lo, hi) = FrameNormaliser.Percentiles(v, 1, 99.8);
        Assert.Equal(1.0, lo, 6);
        Assert.Equal(99.8, hi, 4);
        var (a, b) = FrameNormaliser.Percentiles(new float[] { 5, 1, 3 }, 25, 100);
        Assert.Equal(2.0, a, 6); // numpy.percentile([5, 1, 3], 25) == 2.0
        Assert.Equal(5.0, b, 6);
    }

    private static void AssertClose(float[] a, float[] b, float tol)
    {
        Assert.Equal(a.Length, b.Length);
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            if (d > worst)
            {
                worst = d;
                at = i;
            }
        }
        Assert.True(worst <= tol, $"largest difference {worst} at {at}");
    }
}
