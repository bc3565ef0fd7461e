namespace CellActors.Messages;

/// <summary>
/// A segmented frame: its shape always travels with its masks. <c>Channels</c> summarises every channel read (null
/// from detectors that measured no channels); <c>Segmentation</c> is what the segmenter chose for it
/// (<see cref="FrameSegmentation"/>; null from detectors of older versions).
/// </summary>
public sealed record SegmentedFrame(
    FrameRef Frame,
    int Height,
    int Width,
    double IntensityMean,
    double IntensityMin,
    double IntensityMax,
    double IntensityStd,
    IReadOnlyList<SegmentedObject> Objects,
    IReadOnlyList<ChannelSummary>? Channels = null,
    FrameSegmentation? Segmentation = null);
