using System.Globalization;

namespace CellActors.Results;

/// <summary>
/// One row of the <c>sequence_choices</c> view: the frames of a sequence that got the same choice from the segmenter
/// (modality, polarity, colour, augmentation), with their scales and the averages of the measurements behind it.
/// </summary>
public sealed record SequenceChoiceRow(
    string Dataset, string Sequence, string Segmenter, string Modality, bool Inverted, bool Colour, string Augmentation,
    long Frames, double ScaleMin, double ScaleMax, double? TypicalDiameter, double? BackgroundPosition, double? Noise)
{
    /// <summary>
    /// What was chosen and why, in words: e.g. <c>65 frames: fluorescence, as is (background at 0.06 of the range),
    /// noise 1.2% of the range; objects ~62 px, segmented at scale 0.42</c>.
    /// </summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (Modality.Length > 0)
        {
            var polarity = Inverted ? "inverted" : "as is";
            var why = BackgroundPosition is { } b ? string.Format(c, " (background at {0:0.00} of the range: {1})", b, b > 0.5 ? "bright" : "dark") : "";
            parts.Add((Colour ? "colour, " : "") + $"{Modality}, {polarity}{why}");
        }
        if (Noise is { } n) parts.Add(string.Format(c, "noise {0:0.0}% of the range", 100 * n));
        var scale = ScaleMin == ScaleMax ? string.Format(c, "{0:0.##}", ScaleMin) : string.Format(c, "{0:0.##}-{1:0.##}", ScaleMin, ScaleMax);
        parts.Add(TypicalDiameter is { } d ? string.Format(c, "objects ~{0:0} px, segmented at scale {1}", d, scale) : $"segmented at scale {scale}");
        if (Augmentation != "none") parts.Add($"tta {Augmentation}");
        return string.Format(c, "{0} frame{1}: {2}", Frames, Frames == 1 ? "" : "s", string.Join("; ", parts));
    }
}
