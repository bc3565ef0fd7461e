using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// The one grey plane CellActors makes of a colour image: ITU-R BT.601 luma, <c>Y = 0.299 R + 0.587 G + 0.114 B</c>,
/// rounded to the channels' depth (uint8 or uint16; float stays float), exactly OpenCV's <c>cvtColor(RGB2GRAY)</c>
/// (and scikit-image's <c>rgb2gray</c> up to its BT.709 weights). The classical segmenter segments colour frames on it;
/// models average the colour channels themselves (<c>FrameNormaliser.Grey</c>).
/// </summary>
public static class Luminance
{
    /// <summary>Weight of the red channel.</summary>
    public const double Red = 0.299;

    /// <summary>Weight of the green channel.</summary>
    public const double Green = 0.587;

    /// <summary>Weight of the blue channel.</summary>
    public const double Blue = 0.114;

    /// <summary>The luminance of three single-channel planes of one size and depth.</summary>
    /// <exception cref="ArgumentException">The planes differ in size or depth, or one is not single-channel.</exception>
    public static Mat Of(Mat red, Mat green, Mat blue)
    {
        ArgumentNullException.ThrowIfNull(red);
        ArgumentNullException.ThrowIfNull(green);
        ArgumentNullException.ThrowIfNull(blue);
        foreach (var m in new[] { green, blue })
            if (m.Size() != red.Size() || m.Type() != red.Type())
                throw new ArgumentException($"colour planes differ: {red.Size()} {red.Type()} vs {m.Size()} {m.Type()}", nameof(red));
        if (red.Channels() != 1) throw new ArgumentException($"colour planes must be single-channel, got {red.Channels()}", nameof(red));
        using var bgr = new Mat();
        Cv2.Merge([blue, green, red], bgr);
        var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        return grey;
    }
}
