namespace CellActors.Messages;

/// <summary>A segmented frame: its shape always travels with its masks, and what the segmenter chose for it (<see cref="FrameSegmentation"/>; null from detectors of older versions).</summary>
public sealed record SegmentedFrame(
    FrameRef Frame,
    int Height,
    int Width,
    double IntensityMean,
    double IntensityMin,
    double IntensityMax,
    double IntensityStd,
    IReadOnlyList<SegmentedObject> Objects,
    FrameSegmentation? Segmentation = null);
