using CellActors.Imaging;
using CellActors.Messages;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>The classical OpenCV segmenter with one of its presets (<see cref="SegmentationOptions.PresetNames"/>): an explicit choice, the same for every frame.</summary>
public sealed class ClassicalFrameSegmenter : IFrameSegmenter
{
    private readonly string _preset;

    /// <summary>Checks the preset; throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public ClassicalFrameSegmenter(string preset)
    {
        _preset = (preset ?? "").Trim().ToLowerInvariant();
        Options = SegmentationOptions.ForPreset(_preset);
    }

    /// <summary>The preset's segmentation options.</summary>
    public SegmentationOptions Options { get; }

    /// <inheritdoc />
    public string Name => $"classical {_preset}";

    /// <inheritdoc />
    public bool WantsDenoised => true;

    /// <inheritdoc />
    public (LabelImage Labels, FrameSegmentation Choice) Segment(Mat image) =>
        (ClassicalSegmenter.Segment(image, Options), new FrameSegmentation(Name, 1.0, false, "", double.NaN, double.NaN, false, double.NaN, "none"));
}
