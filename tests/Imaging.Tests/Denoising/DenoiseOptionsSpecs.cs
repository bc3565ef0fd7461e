using Xunit;

namespace CellActors.Imaging.Tests.Denoising;

public sealed class DenoiseOptionsSpecs
{
    [Theory]
    [InlineData("none", DenoiseMethod.None, 3, 1.0, 25)]
    [InlineData("median", DenoiseMethod.Median, 3, 1.0, 25)]
    [InlineData("median:5", DenoiseMethod.Median, 5, 1.0, 25)]
    [InlineData(" Median : 7 ", DenoiseMethod.Median, 7, 1.0, 25)]
    [InlineData("gaussian:1.5", DenoiseMethod.Gaussian, 3, 1.5, 25)]
    [InlineData("gaussian", DenoiseMethod.Gaussian, 3, 1.0, 25)]
    [InlineData("background:25", DenoiseMethod.BackgroundSubtract, 3, 1.0, 25)]
    [InlineData("background:40", DenoiseMethod.BackgroundSubtract, 3, 1.0, 40)]
    [InlineData("tophat:10", DenoiseMethod.BackgroundSubtract, 3, 1.0, 10)]
    public void Parses_the_command_line_forms(string text, DenoiseMethod method, int k, double sigma, int radius)
    {
        var o = DenoiseOptions.Parse(text);
        Assert.Equal(method, o.Method);
        Assert.Equal(k, o.KernelSize);
        Assert.Equal(sigma, o.Sigma);
        Assert.Equal(radius, o.BackgroundRadius);
    }

    [Theory]
    [InlineData("")]
    [InlineData("blur")]
    [InlineData("median:4")]
    [InlineData("median:x")]
    [InlineData("median:")]
    [InlineData("gaussian:-1")]
    [InlineData("gaussian:abc")]
    [InlineData("background:0")]
    [InlineData("none:3")]
    public void Rejects_anything_else_with_a_clear_message(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => DenoiseOptions.Parse(text));
        Assert.Contains("median", ex.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("median:5")]
    [InlineData("gaussian:1.5")]
    [InlineData("background:25")]
    public void ToString_round_trips_through_Parse(string text) =>
        Assert.Equal(DenoiseOptions.Parse(text), DenoiseOptions.Parse(DenoiseOptions.Parse(text).ToString()));

    [Fact]
    public void Default_is_a_3x3_median() => Assert.Equal(new DenoiseOptions(DenoiseMethod.Median, 3), DenoiseOptions.Default);
}
