using System.Security.Cryptography;
using CellActors.Imaging;
using CellActors.Inference;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>The segmentation step of a <see cref="FramePipeline"/>: chosen once per pipeline from the settings.</summary>
public interface IFrameSegmenter
{
    /// <summary>What status shows, e.g. <c>classical auto</c> or <c>unet</c>.</summary>
    string Name { get; }

    /// <summary>True when the segmenter wants the denoised frame (the classical recipe); models take the raw frame they were trained on.</summary>
    bool WantsDenoised { get; }

    /// <summary>Segments one frame of <paramref name="dataset"/>.</summary>
    LabelImage Segment(Mat image, string dataset);
}

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

/// <summary>
/// The segmentation setting of a job: a classical preset (<c>auto</c>, <c>default</c>, <c>sim</c>, ...), <c>unet</c>
/// (the model shipped in <c>models/unet-nuclei</c>) or <c>onnx:PATH</c> (a <c>model.json</c>, a bioimage.io YAML, a
/// folder holding one, or a .onnx file with one beside it).
/// </summary>
public static class SegmenterSetting
{
    /// <summary>The prefix of model paths.</summary>
    public const string OnnxPrefix = "onnx:";

    /// <summary>The shipped U-Net's setting.</summary>
    public const string UNet = "unet";

    /// <summary>The model folder or file a setting names, or null for a classical preset.</summary>
    /// <exception cref="ModelDescriptionException">The shipped model is missing.</exception>
    public static string? ModelPath(string setting)
    {
        var s = (setting ?? "").Trim();
        if (s.Equals(UNet, StringComparison.OrdinalIgnoreCase)) return ShippedModels.Resolve(ShippedModels.UNet);
        if (s.StartsWith(OnnxPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = s[OnnxPrefix.Length..].Trim();
            if (path.Length == 0) throw new ArgumentException("--segmenter onnx:PATH needs a path (a model.json, a bioimageio.yaml, a folder holding one, or a .onnx file)");
            return path;
        }
        return null;
    }

    /// <summary>True when the setting names a model rather than a classical preset.</summary>
    public static bool IsModel(string setting)
    {
        var s = (setting ?? "").Trim();
        return s.Equals(UNet, StringComparison.OrdinalIgnoreCase) || s.StartsWith(OnnxPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The name status shows: <c>unet</c>, <c>onnx:NAME</c> (the model's name) or <c>classical PRESET</c>.</summary>
    public static string DisplayName(string setting, ModelDescription? model = null)
    {
        var s = (setting ?? "").Trim();
        if (s.Equals(UNet, StringComparison.OrdinalIgnoreCase)) return UNet;
        if (IsModel(s)) return model is null ? s : $"onnx:{model.Name}";
        return $"classical {(s.Length == 0 ? "auto" : s)}";
    }

    /// <summary>
    /// What the job fingerprint adds for a model setting: the SHA-256 of its description and weights files, so a job
    /// whose model file changed is refused like any other change of configuration. Empty for classical presets
    /// (their fingerprints stay as they were).
    /// </summary>
    public static string Fingerprint(string setting)
    {
        if (ModelPath(setting) is not { } path) return "";
        var d = ModelDescriptions.Load(path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in new[] { d.DescriptionPath, d.WeightsPath })
        {
            using var s = File.OpenRead(f);
            var buf = new byte[1 << 16];
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0) sha.AppendData(buf, 0, n);
        }
        return ";model-sha256=" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>
/// A detector's ONNX sessions: one per model, created on first use on the detector's device and kept for the
/// detector's life (a job's batches reuse it), disposed when the detector stops.
/// </summary>
public sealed class DetectorSessions(InferenceDevice device, int intraOpThreads = 0) : IDisposable
{
    private readonly Dictionary<string, OnnxSegmenter> _byModel = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The device every session runs on.</summary>
    public InferenceDevice Device => device;

    /// <summary>Sessions created so far.</summary>
    public int Created { get; private set; }

    /// <summary>The session of <paramref name="model"/>, created once.</summary>
    public OnnxSegmenter For(ModelDescription model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = model.DescriptionPath + "|" + model.WeightsPath;
        if (!_byModel.TryGetValue(key, out var s))
        {
            s = new OnnxSegmenter(model, new OnnxSegmenterOptions(device, intraOpThreads));
            _byModel[key] = s;
            Created++;
        }
        return s;
    }

    /// <summary>Disposes every session.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _byModel.Values) s.Dispose();
        _byModel.Clear();
    }
}
