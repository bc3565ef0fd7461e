namespace CellActors.Messages;

/// <summary>
/// What the segmenter chose for one frame and the measurements behind it, as it travels to the decoder and into the
/// <c>frame_segmentation</c> table. Classical presets record only their name (NaN and empty values elsewhere).
/// </summary>
/// <param name="Segmenter">The segmenter as status shows it, e.g. <c>auto (unet-cells)</c> or <c>classical sim</c>.</param>
/// <param name="Scale">The scale the frame was segmented at (1: its own size).</param>
/// <param name="Inverted">The frame was inverted before the model saw it (its background is bright).</param>
/// <param name="Modality">What the pixels indicate: <c>fluorescence</c>, <c>brightfield</c> or <c>relief</c> (DIC, phase contrast); empty when not measured.</param>
/// <param name="BackgroundPosition">Where the background lies in the frame's range (0: percentile 1, 1: percentile 99.8).</param>
/// <param name="Noise">Noise standard deviation relative to the frame's range.</param>
/// <param name="Colour">The frame has colour channels that differ.</param>
/// <param name="TypicalDiameter">Typical object diameter found by the first pass, in frame pixels (NaN when not measured).</param>
/// <param name="Augmentation">Test-time augmentation: <c>none</c>, <c>flips</c> or <c>flips+turns</c>.</param>
public sealed record FrameSegmentation(
    string Segmenter,
    double Scale,
    bool Inverted,
    string Modality,
    double BackgroundPosition,
    double Noise,
    bool Colour,
    double TypicalDiameter,
    string Augmentation);
