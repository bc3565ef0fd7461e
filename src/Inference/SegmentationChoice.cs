using CellActors.Imaging;

namespace CellActors.Inference;

/// <summary>
/// What a model segmenter chose for one frame, and the measurements behind it: the frame's appearance (polarity,
/// modality, noise; <see cref="ImageAppearance.Measure"/>), whether it was inverted, the typical object diameter its
/// first pass found and the scale at which it was segmented.
/// </summary>
/// <param name="Scale">The scale the frame was segmented at (1: its own size).</param>
/// <param name="Inverted">The frame was inverted before the model saw it (bright background).</param>
/// <param name="Appearance">The frame's appearance.</param>
/// <param name="TypicalDiameter">The typical object diameter found by the first pass, in frame pixels (NaN when nothing was found or the model has no object size).</param>
/// <param name="Augmentation">The test-time augmentation used.</param>
public sealed record SegmentationChoice(double Scale, bool Inverted, Appearance Appearance, double TypicalDiameter, TestTimeAugmentation Augmentation);
