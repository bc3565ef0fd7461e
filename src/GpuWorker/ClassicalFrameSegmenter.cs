using CellActors.Imaging;
using CellActors.Messages;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>
/// The classical OpenCV segmenter with one of its presets (<see cref="SegmentationOptions.PresetNames"/>), possibly
/// tuned (<see cref="ClassicalParameters"/>): an explicit choice, the same for every frame.
/// </summary>
public sealed class ClassicalFrameSegmenter : IFrameSegmenter
{
    private readonly string _preset;
    private readonly bool _tuned;

    /// <summary>Checks the preset; throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public ClassicalFrameSegmenter(string preset)
        : this(preset, [])
    {
    }

    /// <summary>The preset with <paramref name="parameters"/> (key, value) set; throws <see cref="ArgumentException"/> for an unknown preset, key or bad value.</summary>
    public ClassicalFrameSegmenter(string preset, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _preset = (preset ?? "").Trim().ToLowerInvariant();
        Options = ClassicalParameters.Apply(SegmentationOptions.ForPreset(_preset), parameters);
        _tuned = parameters.Count > 0;
    }

    /// <summary>The segmentation options: the preset's, with the tuned parameters set.</summary>
    public SegmentationOptions Options { get; }

    /// <inheritdoc />
    public string Name => _tuned ? $"classical {_preset}, tuned" : $"classical {_preset}";

    /// <inheritdoc />
    public bool WantsDenoised => true;

    /// <inheritdoc />
    public (LabelImage Labels, FrameSegmentation Choice) Segment(Mat image) =>
        (ClassicalSegmenter.Segment(image, Options), new FrameSegmentation(Name, 1.0, false, "", double.NaN, double.NaN, false, double.NaN, "none"));
}
