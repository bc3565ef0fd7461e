using CellActors.Imaging;
using CellActors.Inference;
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
    public LabelImage Segment(Mat image, string dataset) => session.Segment(image);
}
