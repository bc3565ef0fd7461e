using System.Security.Cryptography;
using CellActors.Inference;

namespace CellActors.GpuWorker;

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
