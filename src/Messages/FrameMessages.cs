namespace CellActors.Messages;

/// <summary>
/// A reference to one 2D plane of the job, by its position in the job's manifest. Never pixels.
/// </summary>
public sealed record FrameRef(long Index, string Dataset, string Sequence, int T, int Z, string Uri, int Page, string ImageId);

/// <summary>How detectors process frames: denoising and segmentation settings as canonical strings (see README).</summary>
public sealed record PipelineSettings(string Denoise, string Segmentation);

/// <summary>One object found by a detector: its label, its run-length encoding (DSB convention) and the intensity statistics only a detector (which holds the pixels) can compute.</summary>
public sealed record SegmentedObject(int Label, string Rle, long PixelCount, double IntensitySum, double IntensityMin, double IntensityMax);

/// <summary>A segmented frame: its shape always travels with its masks.</summary>
public sealed record SegmentedFrame(
    FrameRef Frame,
    int Height,
    int Width,
    double IntensityMean,
    double IntensityMin,
    double IntensityMax,
    double IntensityStd,
    IReadOnlyList<SegmentedObject> Objects);

/// <summary>A frame that could not be processed: it becomes one <c>errors</c> row.</summary>
public sealed record FrameFailure(FrameRef Frame, string Stage, string ErrorType, string Message);
