namespace CellActors.Results;

/// <summary>
/// One row of <c>frame_segmentation</c>: what the segmenter chose for a frame and the measurements behind it
/// (see <see cref="CellActors.Messages.FrameSegmentation"/>). NaN measurements are stored as NULL.
/// </summary>
public sealed record SegmentationRow(
    string ImageId, string Dataset, string Sequence, string Segmenter, double Scale, bool Inverted, string Modality,
    double BackgroundPosition, double Noise, bool Colour, double TypicalDiameter, string Augmentation);
