using CellActors.Imaging;
using CellActors.Inference;
using CellActors.Messages;
using CellActors.Reading;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>
/// What a detector does to one frame: read every channel → choose the segmented one → denoise → segment → per-object
/// intensities of the segmented plane and of every channel → RLE. By default the first channel is segmented; a frame
/// that is one colour image is segmented on its <see cref="Luminance"/> by the classical segmenter and given to models
/// as colour (they average the colour channels), and its frame and object intensity columns are the luminance's.
/// Pure image work (no actors), one frame's pixels held at a time. Bad input becomes a <see cref="FrameFailure"/>.
/// The segmenter (<see cref="IFrameSegmenter"/>) is chosen once from the settings: a classical preset, or an ONNX model
/// whose session comes from the detector's <see cref="DetectorSessions"/> (models see the raw frame, not the denoised one).
/// </summary>
public sealed class FramePipeline : IDisposable
{
    private readonly DenoiseOptions _denoise;
    private readonly IFrameSegmenter _segmenter;
    private readonly DetectorSessions? _ownSessions;
    private readonly string? _channel;

    /// <summary>
    /// Parses the settings once; throws <see cref="ArgumentException"/> when they are invalid (a bad model description:
    /// <see cref="ModelDescriptionException"/>; a device that cannot run it: <see cref="InferenceDeviceException"/>).
    /// </summary>
    /// <param name="settings">The job's settings.</param>
    /// <param name="sessions">The detector's ONNX sessions; null: the pipeline opens its own CPU session when a model is set, and disposes it.</param>
    public FramePipeline(PipelineSettings settings, DetectorSessions? sessions = null)
    {
        _denoise = DenoiseOptions.Parse(settings.Denoise);
        _channel = string.IsNullOrWhiteSpace(settings.Channel) ? null : settings.Channel.Trim();
        SegmenterSetting.Check(settings.Segmentation);
        var (segmenter, augmentation) = SegmenterSetting.Split(settings.Segmentation);
        if (SegmenterSetting.ModelPath(settings.Segmentation) is { } path)
        {
            var model = ModelParameters.Apply(ModelDescriptions.Load(path), SegmenterSetting.Parameters(settings.Segmentation));
            if (sessions is null) sessions = _ownSessions = new DetectorSessions(InferenceDevice.Cpu);
            _segmenter = new ModelFrameSegmenter(SegmenterSetting.DisplayName(settings.Segmentation, model), sessions.For(model, augmentation));
        }
        else
        {
            _segmenter = new ClassicalFrameSegmenter(segmenter, SegmenterSetting.Parameters(settings.Segmentation));
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
        SegmenterSetting.Check(settings.Segmentation);
        if (SegmenterSetting.ModelPath(settings.Segmentation) is { } path)
            _ = OnnxSegmenter.Check(ModelParameters.Apply(ModelDescriptions.Load(path), SegmenterSetting.Parameters(settings.Segmentation)));
    }

    /// <summary>The classical segmenter's options (the preset's, tuned); null for a model segmenter.</summary>
    public SegmentationOptions? ClassicalOptions => (_segmenter as ClassicalFrameSegmenter)?.Options;

    /// <summary>Processes one frame; returns either a segmented frame or a failure, never both.</summary>
    public (SegmentedFrame? Frame, FrameFailure? Failure) Process(FrameRef f)
    {
        var stage = "read";
        try
        {
            using var channels = FrameReader.ReadFrame(f.Planes().Select(p => new PlaneLocation(p.Uri, p.Page, p.Name)).ToList());
            stage = "channel";
            int chosen = SegmentedChannel(channels, f);
            using var luminance = chosen < 0 ? Luminance.Of(channels.Channels[0], channels.Channels[1], channels.Channels[2]) : null;
            var raw = luminance ?? channels.Channels[chosen];
            stage = "denoise";
            using var clean = _segmenter.WantsDenoised ? Denoiser.Apply(raw, _denoise) : null;
            stage = "segment";
            using var colour = !_segmenter.WantsDenoised && chosen < 0 ? Merge(channels.Channels) : null;
            var (labels, choice) = _segmenter.Segment(clean ?? colour ?? raw);
            stage = "measure";
            var frameStats = IntensityStats.Frame(raw);
            var perLabel = IntensityStats.PerLabel(raw, labels);
            // Every channel, as CellProfiler's MeasureObjectIntensity over several images (the segmented plane's figures are reused).
            var summaries = new List<ChannelSummary>(channels.Channels.Count);
            var perChannel = new LabelIntensity[channels.Channels.Count][];
            for (int c = 0; c < channels.Channels.Count; c++)
            {
                var plane = channels.Channels[c];
                var fs = c == chosen ? frameStats : IntensityStats.Frame(plane);
                summaries.Add(new ChannelSummary(c, channels.Names[c], fs.Mean, fs.Min, fs.Max, fs.Std));
                perChannel[c] = c == chosen ? perLabel : IntensityStats.PerLabel(plane, labels);
            }
            stage = "encode";
            var rles = Rle.EncodeAll(labels);
            var objects = new List<SegmentedObject>(labels.Count);
            for (var i = 0; i < labels.Count; i++)
            {
                var s = perLabel[i];
                if (s.Count == 0) continue;
                var byChannel = new ChannelIntensity[perChannel.Length];
                for (int c = 0; c < perChannel.Length; c++)
                {
                    var ci = perChannel[c][i];
                    byChannel[c] = new ChannelIntensity(c, ci.Sum, ci.SumOfSquares, ci.Min, ci.Max);
                }
                objects.Add(new SegmentedObject(i + 1, rles[i], s.Count, s.Sum, s.Min, s.Max, byChannel));
            }
            return (new SegmentedFrame(f, labels.Height, labels.Width, frameStats.Mean, frameStats.Min, frameStats.Max, frameStats.Std, objects, summaries, choice), null);
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

    /// <summary>
    /// The channel to segment: the setting's index or name; by default the first channel, or -1 (the luminance) for a
    /// frame that is one colour image.
    /// </summary>
    /// <exception cref="BadInputException"><c>channel_missing</c> (no such index or name), <c>ambiguous_channel</c> (two channels have that name).</exception>
    private int SegmentedChannel(FrameChannels channels, FrameRef f)
    {
        var want = _channel;
        int n = channels.Channels.Count;
        string Listed() => string.Join(", ", Enumerable.Range(0, n).Select(c => channels.Names[c] is { } name ? $"{c} ({name})" : $"{c}"));
        if (want is null) return channels.IsSingleColourPage ? -1 : 0;
        if (int.TryParse(want, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            if (index < n) return index;
            throw new BadInputException(f.Uri, f.Page, "channel_missing", $"channel {index} is to be segmented but the frame has {n} channel(s): {Listed()}");
        }
        var matches = Enumerable.Range(0, n).Where(c => string.Equals(channels.Names[c], want, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new BadInputException(f.Uri, f.Page, "channel_missing", $"channel '{want}' is to be segmented but the frame's channels are {Listed()}"),
            _ => throw new BadInputException(f.Uri, f.Page, "ambiguous_channel", $"channel '{want}' is to be segmented but channels {string.Join(" and ", matches)} both have that name"),
        };
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
