using CellActors.Imaging;
using CellActors.Inference;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.GpuWorker.Tests;

/// <summary>
/// The segmenters' tunable parameters: every field of <see cref="SegmentationOptions"/> has a key that round-trips
/// through a segmentation setting; bad values name the key; model parameters start from the description, are refused
/// where they do not apply, and a user's object diameter fixes the scale.
/// </summary>
public sealed class SegmenterParameterSpecs : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Every_classical_option_has_a_parameter_that_sets_it()
    {
        Assert.Equal(typeof(SegmentationOptions).GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters().Length, ClassicalParameters.All.Count);
        var tuned = new SegmentationOptions(ThresholdMethod.Local, 1.25, 12, 900, false, false, 5, 2.5, true, 51, 0.1, 0.75, Polarity.Auto, 2.0, 3, false);
        var back = ClassicalParameters.Apply(SegmentationOptions.Default, ClassicalParameters.Differences(SegmentationOptions.Default, tuned));
        Assert.Equal(tuned, back);
        Assert.Equal(ClassicalParameters.All.Count, ClassicalParameters.Differences(SegmentationOptions.Default, tuned).Count);
    }

    [Fact]
    public void A_tuned_setting_composes_parses_and_builds_its_segmenter()
    {
        var setting = SegmenterSetting.Compose("gowt1", TestTimeAugmentation.None, [new("min_area", "250"), new("method", "triangle")]);
        Assert.Equal("gowt1,min_area=250,method=triangle", setting);
        SegmenterSetting.Check(setting);
        Assert.Equal([new("min_area", "250"), new("method", "triangle")], SegmenterSetting.Parameters(setting));
        Assert.Equal("classical gowt1, tuned", SegmenterSetting.DisplayName(setting));
        var segmenter = new ClassicalFrameSegmenter("gowt1", SegmenterSetting.Parameters(setting));
        Assert.Equal(SegmentationOptions.ForPreset("gowt1") with { MinArea = 250, Method = ThresholdMethod.Triangle }, segmenter.Options);
        Assert.Equal("classical gowt1, tuned", segmenter.Name);
        Assert.Equal("auto,tta=flips,instances.foreground_threshold=0.3", SegmenterSetting.Compose("auto", TestTimeAugmentation.Flips, [new("instances.foreground_threshold", "0.3")]));
        Assert.Equal((SegmenterSetting.Auto, TestTimeAugmentation.Flips), SegmenterSetting.Split("auto,tta=flips,instances.foreground_threshold=0.3"));
    }

    [Theory]
    [InlineData("default,min_area=-3", "min_area: '-3' is not an integer >= 0")]
    [InlineData("default,block_size=100", "block_size: '100' is not an odd integer")]
    [InlineData("default,method=magic", "method: 'magic' is not one of otsu, triangle, local")]
    [InlineData("default,min_aera=3", "'min_aera' is not a parameter of the classical segmenter")]
    [InlineData("auto,instances.foreground_threshold=2", "instances.foreground_threshold: '2' is not a number >= 0 and <= 1")]
    [InlineData("default,loud", "segmentation option 'loud' is not known")]
    public void A_bad_parameter_in_a_setting_is_refused_naming_its_key(string setting, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => SegmenterSetting.Check(setting));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_parameters_start_from_the_description_and_are_refused_where_they_do_not_apply()
    {
        var d = ModelDescriptions.Load(OnnxTestModels.Write(_tmp.Sub("m")));
        Assert.Equal("0.5", ModelParameters.Find("instances.foreground_threshold")!.Get(d));
        Assert.Equal("64", ModelParameters.Find("tiling.tile")!.Get(d));
        var tuned = ModelParameters.Apply(d, [new("tiling.tile", "32"), new("instances.foreground_threshold", "0.7"), new("object_size.diameter", "20"), new("object_size.frame_diameter", "40")]);
        Assert.Equal(32, tuned.Tile);
        Assert.Equal(0.7, tuned.Instances.ForegroundThreshold);
        Assert.Equal(new ObjectSize(20, Estimate: false, MinScale: 0.25, MaxScale: 1.0, FrameDiameter: 40), tuned.Size);
        Assert.Equal(
            [new("instances.foreground_threshold", "0.7"), new("object_size.diameter", "20"), new("object_size.frame_diameter", "40"), new("tiling.tile", "32")],
            ModelParameters.Differences(d, tuned));

        Assert.Contains("does not apply", Assert.Throws<ArgumentException>(() => ModelParameters.Apply(d, [new("stardist.prob_threshold", "0.5")])).Message, StringComparison.Ordinal);
        Assert.Contains("not a multiple of 16", Assert.Throws<ArgumentException>(() => ModelParameters.Apply(d, [new("tiling.tile", "40")])).Message, StringComparison.Ordinal);
        Assert.Contains("needs object_size.diameter", Assert.Throws<ArgumentException>(() => ModelParameters.Apply(d, [new("object_size.frame_diameter", "40")])).Message, StringComparison.Ordinal);
        Assert.Throws<ModelDescriptionException>(() => ModelParameters.Apply(d, [new("tiling.overlap", "40")]));
    }

    [Theory]
    [InlineData(52, 26, 0.5)]     // objects twice the model's size: half scale
    [InlineData(26, 26, 1.0)]
    [InlineData(13, 26, 2.0)]     // small objects enlarged, up to max_scale
    [InlineData(5, 26, 2.0)]      // kept within max_scale
    [InlineData(0, 26, 1.0)]      // not given
    public void A_given_object_diameter_fixes_the_scale(double frameDiameter, double modelDiameter, double scale) =>
        Assert.Equal(scale, FrameScale.ForDiameter(frameDiameter, new ObjectSize(modelDiameter, MaxScale: 2.0)), 4);
}
