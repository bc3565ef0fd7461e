using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.Reading;

/// <summary>
/// The grey channels of one decoded page: one for a grey page, three (red, green, blue) for a colour one. Owns its
/// planes (single-channel <c>CV_8U</c>, <c>CV_16U</c> or <c>CV_32F</c>, all one size and depth).
/// </summary>
public sealed class PageChannels(IReadOnlyList<Mat> channels, bool isColour) : IDisposable
{
    /// <summary>The planes, in red, green, blue order for colour.</summary>
    public IReadOnlyList<Mat> Channels { get; } = channels;

    /// <summary>True for a colour page (three channels).</summary>
    public bool IsColour { get; } = isColour;

    /// <summary>Names of colour channels, in <see cref="Channels"/> order.</summary>
    public static IReadOnlyList<string> ColourNames { get; } = ["red", "green", "blue"];

    /// <summary>A new grey plane: the one channel, or the <see cref="Luminance"/> of a colour page. The caller owns it.</summary>
    public Mat Grey() => IsColour ? Luminance.Of(Channels[0], Channels[1], Channels[2]) : Channels[0].Clone();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in Channels) c.Dispose();
    }
}
