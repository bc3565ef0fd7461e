using CellActors.Imaging;
using CellActors.Inference;
using CellActors.Messages;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>An ONNX model (<see cref="OnnxSegmenter"/>) as a pipeline's segmenter. Does not own the session: a detector's <see cref="DetectorSessions"/> does.</summary>
public sealed class ModelFrameSegmenter(string name, OnnxSegmenter session) : IFrameSegmenter
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public bool WantsDenoised => false;

    /// <summary>The session (its provider is the detector's device).</summary>
    public OnnxSegmenter Session => session;

    /// <inheritdoc />
    public (LabelImage Labels, FrameSegmentation Choice) Segment(Mat image)
    {
        var labels = session.Segment(image);
        return (labels, Record(name, session.LastChoice!));
    }

    /// <summary>The message form of a model's choice for one frame.</summary>
    public static FrameSegmentation Record(string segmenter, SegmentationChoice c) =>
        new(segmenter, c.Scale, c.Inverted, c.Appearance.Modality.ToString().ToLowerInvariant(), c.Appearance.BackgroundPosition,
            c.Appearance.Noise, c.Appearance.Colour, c.TypicalDiameter, c.Augmentation.Name());
}
