using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>
/// Models with an <c>object_size</c>: the description is read and checked, the scale is chosen from measured objects
/// (quantised, clamped, 1 when nothing is found), planes and maps are resampled exactly where the answer is known, and
/// the shipped model segments large nuclei at a reduced scale with masks at the frame's resolution.
/// </summary>
public sealed class ObjectSizeSpecs : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>A label image of <paramref name="n"/> filled discs of <paramref name="diameter"/> pixels on a grid.</summary>
    private static LabelImage Discs(int n, int diameter, int size = 600)
    {
        using var m = new Mat(size, size, MatType.CV_32SC1, Scalar.All(0));
        var step = diameter + 4;
        var perRow = (size - 2) / step;
        for (var i = 0; i < n; i++)
            Cv2.Circle(m, new Point(2 + step / 2 + i % perRow * step, 2 + step / 2 + i / perRow * step), diameter / 2, Scalar.All(i + 1), -1);
        m.GetArray(out int[] labels);
        return new LabelImage(size, size, labels, n);
    }

    [Fact]
    public void The_typical_diameter_is_that_of_the_object_holding_the_median_pixel()
    {
        var labels = new int[400];
        for (var i = 0; i < 40; i++) labels[i] = 1;      // area 40
        for (var i = 50; i < 110; i++) labels[i] = 2;    // area 60
        for (var i = 150; i < 250; i++) labels[i] = 3;   // area 100: pixels 101..200 of 200 in area order
        for (var i = 300; i < 320; i++) labels[i] = 4;   // area 20: a speck, not counted
        for (var i = 330; i < 340; i++) labels[i] = 5;   // area 10: a speck
        Assert.Equal(2 * Math.Sqrt(60 / Math.PI), FrameScale.TypicalDiameter(new LabelImage(20, 20, labels, 5)), 9);
        Assert.True(double.IsNaN(FrameScale.TypicalDiameter(LabelImage.Empty(4, 4))));
    }

    [Fact]
    public void Fragments_do_not_outvote_the_large_objects_that_make_most_of_the_foreground()
    {
        // Four fragments of 40 px and one cell of 300 px: the plain median is a fragment, the pixel median the cell.
        var labels = new int[40 * 40];
        for (var f = 0; f < 4; f++)
            for (var i = 0; i < 40; i++) labels[f * 80 + i] = f + 1;
        for (var i = 0; i < 300; i++) labels[800 + i] = 5;
        Assert.Equal(2 * Math.Sqrt(300 / Math.PI), FrameScale.TypicalDiameter(new LabelImage(40, 40, labels, 5)), 9);
    }

    [Theory]
    [InlineData(48, 24.0, 1.0, 0.5)]     // objects of 48 px at a probe of 1: twice the model's size
    [InlineData(24, 24.0, 0.5, 0.5)]     // 24 px at a half-size probe are 48 px in the frame
    [InlineData(26, 24.0, 1.0, 1.0)]     // within a quarter octave: left alone
    [InlineData(34, 24.0, 1.0, 0.7071)]  // 24/34 = 0.706, quantised to 2^(-2/4)
    [InlineData(200, 24.0, 1.0, 0.25)]   // clamped at min_scale
    [InlineData(8, 24.0, 1.0, 1.0)]      // small objects are not enlarged (max_scale 1)
    public void The_scale_brings_objects_to_the_models_diameter_in_quarter_octaves(int found, double model, double probe, double expected)
    {
        var scale = FrameScale.Choose(Discs(9, found), probe, new ObjectSize(model));
        Assert.Equal(expected, scale, 3);
    }

    [Fact]
    public void Nothing_found_keeps_the_frames_size_and_max_scale_allows_enlarging()
    {
        Assert.Equal(1.0, FrameScale.Choose(LabelImage.Empty(64, 64), 0.5, new ObjectSize(24)));
        Assert.Equal(2.0, FrameScale.Choose(Discs(9, 8), 1.0, new ObjectSize(24, MaxScale: 2.0)), 6);
    }

    [Fact]
    public void Resampling_keeps_constants_and_halving_averages_blocks()
    {
        var flat = Enumerable.Repeat(0.3f, 30 * 50).ToArray();
        Assert.All(FrameScale.Resize(flat, 30, 50, 17, 23), v => Assert.Equal(0.3f, v, 5));
        var ramp = new float[4 * 4];
        for (var i = 0; i < ramp.Length; i++) ramp[i] = i;
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], FrameScale.Resize(ramp, 4, 4, 2, 2));
        var maps = new ProbabilityMaps(2, 2, [0.2f, 0.2f, 0.2f, 0.2f], [0.7f, 0.7f, 0.7f, 0.7f]);
        var big = FrameScale.Resize(maps, 5, 7);
        Assert.Equal((5, 7, 35), (big.Height, big.Width, big.Interior.Length));
        Assert.All(big.Interior, v => Assert.Equal(0.2f, v, 5));
        Assert.All(big.Boundary!, v => Assert.Equal(0.7f, v, 5));
    }

    [Fact]
    public void The_description_reads_object_size_and_refuses_bad_values_naming_the_file()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("m"));
        var json = Path.Combine(dir, "model.json");
        var text = File.ReadAllText(json);
        Assert.Null(ModelDescriptions.Load(dir).Size);
        File.WriteAllText(json, text.TrimEnd().TrimEnd('}') + """, "object_size": { "diameter": 24, "min_scale": 0.3 } }""");
        Assert.Equal(new ObjectSize(24, true, 0.3, 1.0), ModelDescriptions.Load(dir).Size);
        File.WriteAllText(json, text.TrimEnd().TrimEnd('}') + """, "object_size": { "diameter": 24, "estimate": false } }""");
        Assert.False(ModelDescriptions.Load(dir).Size!.Estimate);
        File.WriteAllText(json, text.TrimEnd().TrimEnd('}') + """, "object_size": { "diameter": -3 } }""");
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir));
        Assert.Contains(json, e.Message, StringComparison.Ordinal);
        Assert.Contains("diameter -3 must be positive", e.Message, StringComparison.Ordinal);
        File.WriteAllText(json, text.TrimEnd().TrimEnd('}') + """, "object_size": { "estimate": true } }""");
        Assert.Contains("object_size needs \"diameter\"", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_model_segments_large_nuclei_at_a_reduced_scale_with_full_resolution_masks()
    {
        var model = ModelDescriptions.Load(ShippedModels.Resolve(ShippedModels.UNet));
        Assert.True(model.Size is { Estimate: true }, "the shipped model estimates object size");
        // Twelve bright discs of 70 px (three times the shipped diameter) on a dim, noisy background.
        using var frame = new Mat(420, 560, MatType.CV_16UC1, Scalar.All(400));
        using var truth = new Mat(420, 560, MatType.CV_32SC1, Scalar.All(0));
        for (var i = 0; i < 12; i++)
        {
            var c = new Point(70 + i % 4 * 140, 70 + i / 4 * 140);
            Cv2.Circle(frame, c, 35, Scalar.All(3000), -1);
            Cv2.Circle(truth, c, 35, Scalar.All(i + 1), -1);
        }
        using (var noise = new Mat(frame.Size(), MatType.CV_16UC1))
        {
            Cv2.Randn(noise, Scalar.All(200), Scalar.All(60));
            Cv2.Add(frame, noise, frame);
        }
        Cv2.GaussianBlur(frame, frame, new Size(0, 0), 2);
        using var s = new OnnxSegmenter(model, new OnnxSegmenterOptions(IntraOpThreads: 2));
        var labels = s.Segment(frame);
        Assert.True(s.LastScale < 1, $"scale {s.LastScale}: 70-px nuclei should be shrunk towards {model.Size!.Diameter} px");
        Assert.Equal((420, 560), (labels.Height, labels.Width));
        truth.GetArray(out int[] t);
        var seg = CtcSeg.Combine([CtcSeg.ScoreFrame(new LabelImage(420, 560, t, 12), labels, "discs")]);
        Assert.True(seg.Matched == 12 && seg.Seg > 0.8, $"{seg.Matched}/12 discs matched, SEG {seg.Seg:F3}");
    }
}
