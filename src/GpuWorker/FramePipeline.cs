using CellActors.Imaging;
using CellActors.Inference;
using CellActors.Messages;
using CellActors.Reading;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>
/// What a detector does to one frame: read → denoise → segment → per-object intensities → RLE. A colour frame is
/// segmented on its <see cref="Luminance"/> by the classical segmenter, and given to models as colour (they average the
/// colour channels); its intensities are those of the luminance plane.
/// Pure image work (no actors), one frame's pixels held at a time. Bad input becomes a <see cref="FrameFailure"/>.
/// The segmenter (<see cref="IFrameSegmenter"/>) is chosen once from the settings: a classical preset, or an ONNX model
/// whose session comes from the detector's <see cref="DetectorSessions"/> (models see the raw frame, not the denoised one).
/// </summary>
public sealed class FramePipeline : IDisposable
{
    private readonly DenoiseOptions _denoise;
    private readonly IFrameSegmenter _segmenter;
    private readonly DetectorSessions? _ownSessions;

    /// <summary>
    /// Parses the settings once; throws <see cref="ArgumentException"/> when they are invalid (a bad model description:
    /// <see cref="ModelDescriptionException"/>; a device that cannot run it: <see cref="InferenceDeviceException"/>).
    /// </summary>
    /// <param name="settings">The job's settings.</param>
    /// <param name="sessions">The detector's ONNX sessions; null: the pipeline opens its own CPU session when a model is set, and disposes it.</param>
    public FramePipeline(PipelineSettings settings, DetectorSessions? sessions = null)
    {
        _denoise = DenoiseOptions.Parse(settings.Denoise);
        if (SegmenterSetting.ModelPath(settings.Segmentation) is { } path)
        {
            var model = ModelDescriptions.Load(path);
            if (sessions is null) sessions = _ownSessions = new DetectorSessions(InferenceDevice.Cpu);
            _segmenter = new ModelFrameSegmenter(SegmenterSetting.DisplayName(settings.Segmentation, model), sessions.For(model));
        }
        else
        {
            _segmenter = new ClassicalFrameSegmenter(settings.Segmentation);
        }
    }

    /// <summary>The segmenter chosen for these settings.</summary>
    public IFrameSegmenter Segmenter => _segmenter;

    /// <summary>
    /// Checks settings without running anything: denoising and preset parse; a model's description loads and its ONNX
    /// file matches it (a short-lived CPU session). Throws <see cref="ArgumentException"/> or <see cref="ModelDescriptionException"/>.
    /// </summary>
    public static void Validate(PipelineSettings settings)
    {
        _ = DenoiseOptions.Parse(settings.Denoise);
        if (SegmenterSetting.ModelPath(settings.Segmentation) is { } path) _ = OnnxSegmenter.Check(path);
        else _ = new ClassicalFrameSegmenter(settings.Segmentation);
    }

    /// <summary>The classical segmentation options used for a dataset (auto picks a preset by dataset name); null for a model segmenter.</summary>
    public SegmentationOptions? OptionsFor(string dataset) => (_segmenter as ClassicalFrameSegmenter)?.OptionsFor(dataset);

    /// <summary>Processes one frame; returns either a segmented frame or a failure, never both.</summary>
    public (SegmentedFrame? Frame, FrameFailure? Failure) Process(FrameRef f)
    {
        var stage = "read";
        try
        {
            using var page = FrameReader.ReadChannels(f.Uri, f.Page);
            using var grey = page.IsColour ? page.Grey() : null;
            var raw = grey ?? page.Channels[0];
            stage = "denoise";
            using var clean = _segmenter.WantsDenoised ? Denoiser.Apply(raw, _denoise) : null;
            stage = "segment";
            using var colour = !_segmenter.WantsDenoised && page.IsColour ? Merge(page.Channels) : null;
            var labels = _segmenter.Segment(clean ?? colour ?? raw, f.Dataset);
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

    /// <summary>A colour frame as one 3-channel image, for models (they average the colour channels into grey themselves).</summary>
    private static Mat Merge(IReadOnlyList<Mat> channels)
    {
        var m = new Mat();
        Cv2.Merge([.. channels], m);
        return m;
    }

    /// <summary>Disposes the session the pipeline opened itself (none when it uses a detector's sessions).</summary>
    public void Dispose() => _ownSessions?.Dispose();
}
