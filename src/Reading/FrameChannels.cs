using OpenCvSharp;

namespace CellActors.Reading;

/// <summary>
/// Every channel of one frame, read from its planes: single-channel planes of one size (owned; disposed with this),
/// with their names. A colour plane gives three channels named <c>red</c>, <c>green</c>, <c>blue</c> (prefixed with the
/// plane's name and ':' when it has one).
/// </summary>
public sealed class FrameChannels : IDisposable
{
    internal FrameChannels(IReadOnlyList<Mat> channels, IReadOnlyList<string?> names, bool isSingleColourPage)
    {
        Channels = channels;
        Names = names;
        IsSingleColourPage = isSingleColourPage;
    }

    /// <summary>The planes, in channel order.</summary>
    public IReadOnlyList<Mat> Channels { get; }

    /// <summary>One per channel; null where nothing names it.</summary>
    public IReadOnlyList<string?> Names { get; }

    /// <summary>True when the frame is one colour page (an RGB image): it is segmented on its luminance by default.</summary>
    public bool IsSingleColourPage { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in Channels) c.Dispose();
    }
}
