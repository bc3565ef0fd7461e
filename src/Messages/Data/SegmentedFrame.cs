namespace CellActors.Messages;

/// <summary>A segmented frame: its shape always travels with its masks. <c>Channels</c> summarises every channel read (null from detectors that measured no channels).</summary>
public sealed record SegmentedFrame(
    FrameRef Frame,
    int Height,
    int Width,
    double IntensityMean,
    double IntensityMin,
    double IntensityMax,
    double IntensityStd,
    IReadOnlyList<SegmentedObject> Objects,
    IReadOnlyList<ChannelSummary>? Channels = null);
