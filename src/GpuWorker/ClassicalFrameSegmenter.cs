using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>The classical OpenCV segmenter with a preset, or <c>auto</c> (a preset by dataset name).</summary>
public sealed class ClassicalFrameSegmenter : IFrameSegmenter
{
    private readonly string _preset;
    private readonly Dictionary<string, SegmentationOptions> _byDataset = new(StringComparer.Ordinal);

    /// <summary>Checks the preset; throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public ClassicalFrameSegmenter(string preset)
    {
        _preset = string.IsNullOrWhiteSpace(preset) ? "auto" : preset;
        if (!IsAuto) _ = SegmentationOptions.ForPreset(_preset);
    }

    private bool IsAuto => _preset.Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Name => $"classical {_preset}";

    /// <inheritdoc />
    public bool WantsDenoised => true;

    /// <summary>The segmentation options used for a dataset (auto picks a preset by dataset name).</summary>
    public SegmentationOptions OptionsFor(string dataset)
    {
        if (!_byDataset.TryGetValue(dataset, out var o))
        {
            o = IsAuto ? SegmentationOptions.ForDataset(dataset) : SegmentationOptions.ForPreset(_preset);
            _byDataset[dataset] = o;
        }
        return o;
    }

    /// <inheritdoc />
    public LabelImage Segment(Mat image, string dataset) => ClassicalSegmenter.Segment(image, OptionsFor(dataset));
}
