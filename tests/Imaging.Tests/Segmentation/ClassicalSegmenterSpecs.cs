using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>Behaviour of the classical segmenter on synthetic images with known answers.</summary>
public sealed class ClassicalSegmenterSpecs
{
    private static readonly SegmentationOptions NoSplit = SegmentationOptions.Default with { SplitTouching = false, MinArea = 10 };

    private static Mat Background(int h, int w, MatType type, double value = 100, double noise = 5, int seed = 1)
    {
        var m = new Mat(h, w, MatType.CV_32FC1);
        var rng = new Random(seed);
        var s = m.AsSpan<float>();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(value + noise * (rng.NextDouble() * 2 - 1));
        var r = new Mat();
        m.ConvertTo(r, type);
        m.Dispose();
        return r;
    }

    private static void Disc(Mat m, int cx, int cy, int r, double v) => Cv2.Circle(m, new Point(cx, cy), r, new Scalar(v), -1, LineTypes.Link8);

    private static HashSet<int> Present(LabelImage l) => l.Labels.Where(v => v > 0).ToHashSet();

    [Theory]
    [InlineData(MatType.CV_8U)]
    [InlineData(MatType.CV_16U)]
    [InlineData(MatType.CV_32F)]
    public void Flat_image_gives_no_objects(int depth)
    {
        using var m = new Mat(64, 80, MatType.MakeType(depth, 1), new Scalar(42));
        var l = ClassicalSegmenter.Segment(m, SegmentationOptions.Default);
        Assert.Equal((64, 80, 0), (l.Height, l.Width, l.Count));
        Assert.All(l.Labels, v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pure_noise_gives_no_objects(int seed)
    {
        foreach (var name in SegmentationOptions.PresetNames)
        {
            using var m = Background(200, 240, MatType.CV_16UC1, 300, 50, seed);
            using var den = new Mat();
            Cv2.MedianBlur(m, den, 3);
            Assert.Equal(0, ClassicalSegmenter.Segment(m, SegmentationOptions.ForPreset(name)).Count);
            Assert.Equal(0, ClassicalSegmenter.Segment(den, SegmentationOptions.ForPreset(name)).Count);
        }
        // Gaussian noise as well.
        using var g = new Mat(200, 240, MatType.CV_32FC1);
        Cv2.Randn(g, new Scalar(100), new Scalar(10));
        Assert.Equal(0, ClassicalSegmenter.Segment(g, SegmentationOptions.Default).Count);
    }

    [Fact]
    public void Dim_16bit_discs_are_found_with_consecutive_labels()
    {
        using var m = Background(200, 300, MatType.CV_16UC1, 100, 5);
        Disc(m, 50, 50, 12, 400);
        Disc(m, 150, 100, 15, 600);
        Disc(m, 250, 150, 10, 350);
        var l = ClassicalSegmenter.Segment(m, SegmentationOptions.Default);
        Assert.Equal(3, l.Count);
        Assert.Equal(new HashSet<int> { 1, 2, 3 }, Present(l));
        Assert.Equal(l.Labels[50 * 300 + 50], l.Labels[52 * 300 + 55]);
        Assert.NotEqual(0, l.Labels[100 * 300 + 150]);
    }

    [Fact]
    public void Touching_discs_are_split_by_watershed_only_when_splitting_is_on()
    {
        using var m = Background(120, 160, MatType.CV_8UC1, 20, 4);
        Disc(m, 60, 60, 22, 200);
        Disc(m, 96, 60, 22, 200); // centres 36 apart, radii 22: a clump with a neck
        var split = ClassicalSegmenter.Segment(m, SegmentationOptions.Default with { MinPeakDistance = 8 });
        Assert.Equal(2, split.Count);
        Assert.NotEqual(split.Labels[60 * 160 + 55], split.Labels[60 * 160 + 101]);
        Assert.Equal(1, ClassicalSegmenter.Segment(m, NoSplit).Count);
        // A single disc is not split.
        using var one = Background(120, 160, MatType.CV_8UC1, 20, 4);
        Disc(one, 80, 60, 30, 200);
        Assert.Equal(1, ClassicalSegmenter.Segment(one, SegmentationOptions.Default with { MinPeakDistance = 8 }).Count);
    }

    [Fact]
    public void Border_objects_are_removed_when_asked()
    {
        using var m = Background(100, 100, MatType.CV_16UC1, 100, 3);
        Disc(m, 50, 50, 10, 900);
        Disc(m, 3, 50, 10, 900); // touches the left border
        Assert.Equal(2, ClassicalSegmenter.Segment(m, NoSplit).Count);
        var l = ClassicalSegmenter.Segment(m, NoSplit with { ExcludeBorderObjects = true });
        Assert.Equal(1, l.Count);
        Assert.Equal(1, l.Labels[50 * 100 + 50]);
        Assert.Equal(0, l.Labels[50 * 100 + 3]);
    }

    [Fact]
    public void Size_filters_drop_small_and_large_objects()
    {
        using var m = Background(120, 200, MatType.CV_32FC1, 0.1, 0.01);
        Disc(m, 20, 60, 3, 1.0);  // ~29 px
        Disc(m, 80, 60, 10, 1.0); // ~317 px
        Disc(m, 150, 60, 25, 1.0); // ~1960 px
        var o = NoSplit with { MinArea = 100, MaxArea = 1000 };
        var l = ClassicalSegmenter.Segment(m, o);
        Assert.Equal(1, l.Count);
        Assert.Equal(1, l.Labels[60 * 200 + 80]);
        Assert.Equal(3, ClassicalSegmenter.Segment(m, NoSplit with { MinArea = 5, OpeningRadius = 0 }).Count);
    }

    [Fact]
    public void Holes_are_filled_only_when_asked()
    {
        using var m = Background(100, 100, MatType.CV_8UC1, 10, 2);
        Disc(m, 50, 50, 25, 220);
        Disc(m, 50, 50, 6, 10); // dark hole
        var filled = ClassicalSegmenter.Segment(m, NoSplit);
        Assert.Equal(1, filled.Count);
        Assert.Equal(1, filled.Labels[50 * 100 + 50]);
        var open = ClassicalSegmenter.Segment(m, NoSplit with { FillHoles = false });
        Assert.Equal(1, open.Count);
        Assert.Equal(0, open.Labels[50 * 100 + 50]);
    }

    [Fact]
    public void Dark_objects_on_bright_background_are_found_with_auto_polarity()
    {
        using var m = Background(100, 120, MatType.CV_8UC1, 220, 4);
        Disc(m, 30, 50, 10, 40);
        Disc(m, 85, 50, 12, 60);
        Assert.Equal(2, ClassicalSegmenter.Segment(m, SegmentationOptions.Default with { Polarity = Polarity.Auto }).Count);
        Assert.Equal(2, ClassicalSegmenter.Segment(m, SegmentationOptions.ForPreset("dsb")).Count);
    }

    [Fact]
    public void Local_threshold_handles_an_illumination_gradient()
    {
        using var m = new Mat(100, 300, MatType.CV_32FC1);
        var s = m.AsSpan<float>();
        for (int y = 0; y < 100; y++) for (int x = 0; x < 300; x++) s[y * 300 + x] = 10 + x; // background ramps 10..310
        Disc(m, 30, 50, 8, 120); // dim object on the dark side, below the bright side's background
        Disc(m, 270, 50, 8, 450);
        // The flatness guard looks at the global histogram, which a steep ramp makes uniform: switch it off here.
        var o = NoSplit with { Method = ThresholdMethod.Local, BlockSize = 61, LocalOffset = 0.05, LocalGlobalFloor = 0, LogTransform = false, MinSeparation = 0 };
        Assert.Equal(2, ClassicalSegmenter.Segment(m, o).Count);
    }

    [Fact]
    public void Empty_image_gives_empty_labels_and_color_is_converted()
    {
        using var e = new Mat();
        Assert.Equal(0, ClassicalSegmenter.Segment(e, SegmentationOptions.Default).Count);
        using var c = new Mat(50, 50, MatType.CV_8UC3, Scalar.All(10));
        Cv2.Circle(c, new Point(25, 25), 8, Scalar.All(200), -1);
        Assert.Equal(1, ClassicalSegmenter.Segment(c, SegmentationOptions.Default).Count);
    }

    [Fact]
    public void Presets_resolve_and_describe_every_parameter()
    {
        Assert.Same(SegmentationOptions.Default, SegmentationOptions.ForPreset("DEFAULT"));
        Assert.Throws<ArgumentException>(() => SegmentationOptions.ForPreset("nope"));
        var descriptions = SegmentationOptions.PresetNames.Select(n => SegmentationOptions.ForPreset(n).Describe()).ToList();
        Assert.Equal(descriptions.Count, descriptions.Distinct().Count());
        Assert.Equal(SegmentationOptions.Default.Describe(), new SegmentationOptions().ToString());
        Assert.NotEqual(SegmentationOptions.Default.Describe(), (SegmentationOptions.Default with { MinArea = 31 }).Describe());
        Assert.Contains("min_area=30", SegmentationOptions.Default.Describe());
    }
}
