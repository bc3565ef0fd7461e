using System.Globalization;
using System.Security.Cryptography;
using CellActors.Imaging;
using CellActors.Inference;

namespace CellActors.GpuWorker;

/// <summary>
/// The segmentation setting of a job, as one canonical string: a segmenter, optionally followed by
/// <c>,tta=flips</c> or <c>,tta=flips+turns</c> (test-time augmentation, models only) and by tuned parameters as
/// <c>,key=value</c> (<see cref="ClassicalParameters"/>, <see cref="ModelParameters"/>; a pipeline file's values that
/// differ from the preset's or the model description's). Segmenters:
/// <list type="bullet">
/// <item><c>auto</c> (the default): the model shipped in <c>models/unet-cells</c>; every frame's polarity and scale are
/// chosen from its pixels (never from a name) and recorded in <c>frame_segmentation</c>;</item>
/// <item><c>unet</c>: the nucleus model shipped in <c>models/unet-nuclei</c>;</item>
/// <item><c>onnx:PATH</c>: a <c>model.json</c>, a bioimage.io YAML, a folder holding one, or a .onnx file with one beside it;</item>
/// <item>a classical preset, an explicit choice: <c>default</c>, <c>sim</c>, <c>gowt1</c>, <c>msc</c>, <c>dsb</c>.</item>
/// </list>
/// </summary>
public static class SegmenterSetting
{
    /// <summary>The prefix of model paths.</summary>
    public const string OnnxPrefix = "onnx:";

    /// <summary>The default: the shipped cell model, with choices made from each frame.</summary>
    public const string Auto = "auto";

    /// <summary>The shipped nucleus U-Net's setting.</summary>
    public const string UNet = "unet";

    private const string TtaOption = "tta=";

    /// <summary>The segmenter part and the test-time augmentation of a setting; throws <see cref="ArgumentException"/> for an option that is not <c>key=value</c>.</summary>
    public static (string Segmenter, TestTimeAugmentation Augmentation) Split(string setting)
    {
        var (segmenter, tta, _) = Parse(setting);
        return (segmenter, tta);
    }

    /// <summary>
    /// The segmenter's tuned parameters of a setting (<c>default,min_area=50</c>, <c>auto,instances.foreground_threshold=0.3</c>),
    /// as (key, value) in the setting's order: <see cref="ClassicalParameters"/> for a classical preset,
    /// <see cref="ModelParameters"/> for a model. Empty when the segmenter runs as described.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parameters(string setting) => Parse(setting).Parameters;

    private static (string Segmenter, TestTimeAugmentation Augmentation, IReadOnlyList<KeyValuePair<string, string>> Parameters) Parse(string setting)
    {
        var parts = (setting ?? "").Split(',', StringSplitOptions.TrimEntries);
        var segmenter = parts[0].Length == 0 ? Auto : parts[0];
        var tta = TestTimeAugmentation.None;
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var p in parts.Skip(1))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"segmentation option '{p}' is not known (tta=flips, tta=flips+turns, or a parameter as key=value)");
            var key = p[..eq].Trim().ToLowerInvariant();
            if (key + "=" == TtaOption) tta = TestTimeAugmentations.Parse(p[TtaOption.Length..]);
            else parameters.Add(KeyValuePair.Create(key, p[(eq + 1)..].Trim()));
        }
        return (segmenter, tta, parameters);
    }

    /// <summary>
    /// The canonical setting of a segmenter, a test-time augmentation and tuned parameters (<c>auto</c>,
    /// <c>auto,tta=flips</c>, <c>default,min_area=50</c>); throws <see cref="ArgumentException"/> when augmentation is
    /// asked of a classical preset.
    /// </summary>
    public static string Compose(string segmenter, TestTimeAugmentation augmentation, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var s = (segmenter ?? "").Trim();
        if (s.Length == 0) s = Auto;
        if (augmentation != TestTimeAugmentation.None)
        {
            if (!IsModel(s)) throw new ArgumentException($"test-time augmentation needs a model segmenter (auto, unet, onnx:PATH), not the classical preset '{s}'");
            s = $"{s},{TtaOption}{augmentation.Name()}";
        }
        foreach (var (key, value) in parameters ?? [])
            s += $",{key}={value}";
        return s;
    }

    /// <summary>The model folder or file a setting names, or null for a classical preset.</summary>
    /// <exception cref="ModelDescriptionException">A shipped model is missing.</exception>
    public static string? ModelPath(string setting)
    {
        var s = Split(setting).Segmenter;
        if (s.Equals(Auto, StringComparison.OrdinalIgnoreCase)) return ShippedModels.Resolve(ShippedModels.Cells);
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
        var s = Split(setting).Segmenter;
        return s.Equals(Auto, StringComparison.OrdinalIgnoreCase) || s.Equals(UNet, StringComparison.OrdinalIgnoreCase)
            || s.StartsWith(OnnxPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks a setting without loading anything: a known option and a known classical preset (models are checked
    /// when loaded); throws <see cref="ArgumentException"/>.
    /// </summary>
    public static void Check(string setting)
    {
        var (s, tta, parameters) = Parse(setting);
        if (!IsModel(s)) _ = ClassicalParameters.Apply(SegmentationOptions.ForPreset(s), parameters);
        else
            foreach (var (key, value) in parameters) _ = ModelParameters.Canonical(key, value);
        _ = Compose(s, tta);
    }

    /// <summary>
    /// The name status shows: <c>auto (unet-cells)</c>, <c>unet</c>, <c>onnx:NAME</c> (the model's name) or
    /// <c>classical PRESET</c>, followed by <c>, tta flips</c> when augmented.
    /// </summary>
    public static string DisplayName(string setting, ModelDescription? model = null)
    {
        var (s, tta, parameters) = Parse(setting);
        var name = s.Equals(Auto, StringComparison.OrdinalIgnoreCase) ? $"{Auto} ({model?.Name ?? ShippedModels.Cells})"
            : s.Equals(UNet, StringComparison.OrdinalIgnoreCase) ? UNet
            : IsModel(s) ? model is null ? s : $"onnx:{model.Name}"
            : $"classical {s.ToLower(CultureInfo.InvariantCulture)}";
        if (parameters.Count > 0) name += ", tuned";
        return tta == TestTimeAugmentation.None ? name : $"{name}, tta {tta.Name()}";
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
