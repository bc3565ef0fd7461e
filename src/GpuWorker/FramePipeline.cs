using CellActors.Imaging;
using CellActors.Messages;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>
/// What a detector does to one frame: read → denoise → segment → per-object intensities → RLE.
/// Pure image work (no actors), one frame's pixels held at a time. Bad input becomes a <see cref="FrameFailure"/>.
/// </summary>
public sealed class FramePipeline
{
    private readonly DenoiseOptions _denoise;
    private readonly string _segmentation;
    private readonly Dictionary<string, SegmentationOptions> _byDataset = new(StringComparer.Ordinal);

    /// <summary>Parses the settings once; throws <see cref="ArgumentException"/> when they are invalid.</summary>
    public FramePipeline(PipelineSettings settings)
    {
        _denoise = DenoiseOptions.Parse(settings.Denoise);
        _segmentation = settings.Segmentation;
        if (!IsAuto(_segmentation)) _ = SegmentationOptions.ForPreset(_segmentation);
    }

    private static bool IsAuto(string s) => string.IsNullOrEmpty(s) || s.Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>The segmentation options used for a dataset (auto picks a preset by dataset name).</summary>
    public SegmentationOptions OptionsFor(string dataset)
    {
        if (!_byDataset.TryGetValue(dataset, out var o))
        {
            o = IsAuto(_segmentation) ? SegmentationOptions.ForDataset(dataset) : SegmentationOptions.ForPreset(_segmentation);
            _byDataset[dataset] = o;
        }
        return o;
    }

    /// <summary>Processes one frame; returns either a segmented frame or a failure, never both.</summary>
    public (SegmentedFrame? Frame, FrameFailure? Failure) Process(FrameRef f)
    {
        var stage = "read";
        try
        {
            using var raw = FrameReader.ReadPlane(f.Uri, f.Page);
            stage = "denoise";
            using var clean = Denoiser.Apply(raw, _denoise);
            stage = "segment";
            var labels = ClassicalSegmenter.Segment(clean, OptionsFor(f.Dataset));
            stage = "measure";
            var frameStats = IntensityStats.Frame(raw);
            var perLabel = IntensityStats.PerLabel(raw, labels);
            stage = "encode";
            var rles = Rle.EncodeAll(labels);
            var objects = new List<SegmentedObject>(labels.Count);
            for (var i = 0; i < labels.Count; i++)
            {
                var s = perLabel[i];
                if (s.Count == 0) continue;
                objects.Add(new SegmentedObject(i + 1, rles[i], s.Count, s.Sum, s.Min, s.Max));
            }
            return (new SegmentedFrame(f, labels.Height, labels.Width, frameStats.Mean, frameStats.Min, frameStats.Max, frameStats.Std, objects), null);
        }
        catch (BadInputException e)
        {
            return (null, new FrameFailure(f, stage, e.ErrorType, e.Message));
        }
        catch (OpenCVException e)
        {
            return (null, new FrameFailure(f, stage, "opencv_error", $"{f.Uri} (page {f.Page}): OpenCV failed during {stage}: {e.Message}"));
        }
    }
}
