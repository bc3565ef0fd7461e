namespace CellActors.Imaging;

/// <summary>
/// What a frame looks like, measured from its pixels (never from its name): where its background lies in its range
/// (<see cref="ImageAppearance.BackgroundPosition(ReadOnlySpan{float}, int, int, int, double)"/>), its noise, and
/// how much of it is clearly brighter or darker than the background.
/// </summary>
/// <param name="BackgroundPosition">The background level's place in the frame's range: 0 at percentile 1, 1 at percentile 99.8.</param>
/// <param name="Noise">Noise standard deviation (<see cref="ImageAppearance.NoiseSigma"/>) relative to the range (percentile 1 to 99.8).</param>
/// <param name="BrightShare">Share of the pixels more than 4 noise standard deviations above the background.</param>
/// <param name="DarkShare">Share of the pixels more than 4 noise standard deviations below the background.</param>
/// <param name="Colour">The frame has colour channels that differ.</param>
/// <param name="Modality">What the above say: relief when both shares are substantial, else by the sign that dominates.</param>
public sealed record Appearance(double BackgroundPosition, double Noise, double BrightShare, double DarkShare, bool Colour, Modality Modality)
{
    /// <summary>True when the frame is inverted before a model sees it: its background is bright (<see cref="ImageAppearance.BrightBackground"/>).</summary>
    public bool Inverted => BackgroundPosition > ImageAppearance.BrightBackground;
}
