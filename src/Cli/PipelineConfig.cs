using System.Globalization;
using CellActors.GpuWorker;
using CellActors.Imaging;
using CellActors.Inference;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>
/// The effective configuration of a job: defaults, overridden by a pipeline file, overridden by flags
/// (<see cref="Resolve"/>). Its <see cref="Segmentation"/> and <see cref="DenoiseSetting"/> are what the job records
/// and fingerprints, so a changed value in the file is a changed configuration; <see cref="PipelineYaml"/> writes it
/// back as a commented file.
/// </summary>
/// <param name="Denoise">Denoising.</param>
/// <param name="DenoiseSetting">Denoising as the job records it: the flag's text, or the canonical text of the file's values.</param>
/// <param name="Segmenter">The segmenter: <c>auto</c>, <c>unet</c>, <c>onnx:PATH</c> or a classical preset.</param>
/// <param name="Tta">Test-time augmentation (models).</param>
/// <param name="Preset">The classical preset (<c>default</c> when the segmenter is a model).</param>
/// <param name="Classical">The classical parameters: the preset's, with the file's and flags' values (used when the segmenter is a preset).</param>
/// <param name="DescribedModel">The model as its description says; null for a classical segmenter.</param>
/// <param name="Model">The model with the file's and flags' values; null for a classical segmenter.</param>
/// <param name="Tracking">Tracking settings.</param>
/// <param name="TrackAfterRun">Track once the job is complete.</param>
/// <param name="Channel">Channel segmented; null: the first.</param>
/// <param name="PixelSize">Pixel size in µm; null: the metadata's.</param>
/// <param name="TimeInterval">Seconds between time points; null: the metadata's.</param>
public sealed record PipelineConfig(
    DenoiseOptions Denoise,
    string DenoiseSetting,
    string Segmenter,
    TestTimeAugmentation Tta,
    string Preset,
    SegmentationOptions Classical,
    ModelDescription? DescribedModel,
    ModelDescription? Model,
    TrackingSettings Tracking,
    bool TrackAfterRun,
    string? Channel,
    double? PixelSize,
    double? TimeInterval)
{
    /// <summary>The default denoising text (as <c>--denoise</c>'s default).</summary>
    public const string DefaultDenoise = "median:3";

    /// <summary>True when the segmenter is a model.</summary>
    public bool IsModel => Model is not null;

    /// <summary>
    /// The segmentation setting the job records: the segmenter, its augmentation and the parameters whose values differ
    /// from the preset's or the model description's (<see cref="SegmenterSetting.Compose"/>); the same whether they came
    /// from a file or from flags.
    /// </summary>
    public string Segmentation => SegmenterSetting.Compose(Segmenter, Tta, IsModel
        ? ModelParameters.Differences(DescribedModel!, Model!)
        : ClassicalParameters.Differences(SegmentationOptions.ForPreset(Preset), Classical));

    /// <summary>
    /// The configuration of <paramref name="flags"/> over <paramref name="file"/> (null: none) over the defaults. A problem
    /// with the file's values throws <see cref="PipelineFileException"/> (file, line, key); with a flag,
    /// <see cref="ArgumentException"/>; a model that cannot be loaded, <see cref="ModelDescriptionException"/>.
    /// </summary>
    public static PipelineConfig Resolve(PipelineFile? file, PipelineFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        PipelineEntry? Entry(string key) => file?[key];

        // The segmenter decides what the rest means.
        var segmenterEntry = flags.Segmenter is null ? Entry(PipelineKeys.Segmenter.Key) : null;
        var segmenter = (flags.Segmenter ?? segmenterEntry?.Value ?? SegmenterSetting.Auto).Trim();
        if (segmenter.Length == 0) segmenter = SegmenterSetting.Auto;
        bool isModel;
        try
        {
            if (segmenter.Contains(',', StringComparison.Ordinal))
                throw new ArgumentException($"'{segmenter}' is not a segmenter (test-time augmentation and parameters have their own keys and flags)");
            isModel = SegmenterSetting.IsModel(segmenter);
            if (!isModel) _ = SegmentationOptions.ForPreset(segmenter);
        }
        catch (ArgumentException e) when (segmenterEntry is not null)
        {
            throw file!.Problem(segmenterEntry, Reason(e));
        }

        var ttaEntry = flags.Tta is null ? Entry(PipelineKeys.Tta.Key) : null;
        var tta = TestTimeAugmentations.Parse(flags.Tta ?? ttaEntry?.Value ?? "none");
        if (tta != TestTimeAugmentation.None && !isModel)
        {
            var problem = $"test-time augmentation needs a model segmenter (auto, unet, onnx:PATH), not the classical preset '{segmenter}'";
            throw ttaEntry is null ? new ArgumentException(problem) : file!.Problem(ttaEntry, problem);
        }

        // Classical parameters: the preset's (default's for a model segmenter), then the file's, then --min-area.
        var preset = isModel ? SegmentationOptions.PresetNames[0] : segmenter.ToLowerInvariant();
        var classical = SegmentationOptions.ForPreset(preset);
        foreach (var p in ClassicalParameters.All)
            if (Entry("segmentation." + p.Key) is { Value: { } v } e)
                classical = Set(file!, e, () => p.Set(classical, v));
        if (!isModel && flags.MinArea is { } minArea)
            classical = Flag("--min-area", ClassicalParameters.Find("min_area")!, classical, minArea.ToString(CultureInfo.InvariantCulture));

        // Model parameters: the description's, then the file's, then --diameter, --threshold, --min-area.
        ModelDescription? described = null, model = null;
        if (isModel)
        {
            described = ModelDescriptions.Load(SegmenterSetting.ModelPath(segmenter)!);
            model = described;
            PipelineEntry? last = null;
            foreach (var p in ModelParameters.All)
            {
                if (Entry("model." + p.Key) is not { Value: { } v } e) continue;
                if (!p.AppliesTo(described))
                    throw file!.Problem(e, $"does not apply to model '{described.Name}' (its output is {ModelParameters.KindName(described.OutputKind)}); `cellactors config show --segmenter {segmenter}` lists its parameters");
                model = Set(file!, e, () => p.Set(model, v));
                last = e;
            }
            if (flags.Diameter is { } diameter)
            {
                var key = ModelParameters.Find("object_size.frame_diameter")!;
                if (!key.AppliesTo(model))
                    throw new ArgumentException($"--diameter: model '{model.Name}' has a {ModelParameters.KindName(model.OutputKind)} output, whose maps are not resampled: it takes frames at their own size");
                if (model.Size is null)
                    throw new ArgumentException($"--diameter: model '{model.Name}' does not say the diameter of the objects it was trained on (set model.object_size.diameter in a pipeline file)");
                model = Flag("--diameter", key, model, diameter.ToString("R", CultureInfo.InvariantCulture));
            }
            if (flags.Threshold is { } threshold)
                model = Flag("--threshold", ModelParameters.Find(ModelParameters.ThresholdKey(model))!, model, threshold.ToString("R", CultureInfo.InvariantCulture));
            if (flags.MinArea is { } area)
                model = Flag("--min-area", ModelParameters.Find(ModelParameters.MinAreaKey(model))!, model, area.ToString(CultureInfo.InvariantCulture));
            try
            {
                model = model.Checked();
            }
            catch (ModelDescriptionException e) when (last is not null)
            {
                throw new PipelineFileException(file!.Path, last.Line, "model", $"the model's parameters do not fit together: {e.Message}");
            }
        }
        else if (flags.Diameter is not null || flags.Threshold is not null)
        {
            throw new ArgumentException($"{(flags.Diameter is not null ? "--diameter" : "--threshold")} applies to a model segmenter (auto, unet, onnx:PATH); "
                + "the classical segmenter's parameters are set with --min-area or in a pipeline file (segmentation.min_area, segmentation.correction_factor, ...)");
        }

        // Denoising: the flag's text as given, or the file's values, or the default.
        DenoiseOptions denoise;
        string denoiseSetting;
        if (flags.Denoise is { } text)
        {
            denoise = DenoiseOptions.Parse(text);
            denoiseSetting = text;
        }
        else if (PipelineKeys.Denoise.Any(k => Entry(k.Key) is not null))
        {
            denoise = DenoiseOptions.Default;
            if (Entry("denoise.method") is { Value: { } m }) denoise = denoise with { Method = m switch { "none" => DenoiseMethod.None, "gaussian" => DenoiseMethod.Gaussian, "background" => DenoiseMethod.BackgroundSubtract, _ => DenoiseMethod.Median } };
            if (Entry("denoise.kernel_size") is { Value: { } k }) denoise = denoise with { KernelSize = ParameterType.Int(k) };
            if (Entry("denoise.sigma") is { Value: { } s }) denoise = denoise with { Sigma = ParameterType.Double(s) };
            if (Entry("denoise.background_radius") is { Value: { } r }) denoise = denoise with { BackgroundRadius = ParameterType.Int(r) };
            denoiseSetting = denoise.ToString();
        }
        else
        {
            denoise = DenoiseOptions.Parse(DefaultDenoise);
            denoiseSetting = DefaultDenoise;
        }

        // Tracking and measurement: flag, else file, else default.
        var tracking = new TrackingSettings(
            flags.MaxDistance ?? (Entry("tracking.max_distance") is { Value: { } md } ? ParameterType.Double(md) : 0),
            flags.MaxGap ?? (Entry("tracking.max_gap") is { Value: { } mg } ? ParameterType.Int(mg) : 2),
            flags.MinDivisionAge ?? (Entry("tracking.min_division_age") is { Value: { } ma } ? ParameterType.Int(ma) : 3));
        var track = flags.Track == true || Entry("tracking.enabled") is { Value: "true" };
        var channel = flags.Channel ?? Entry("measurement.channel")?.Value;
        var pixelSize = flags.PixelSize ?? (Entry("measurement.pixel_size") is { Value: { } ps } ? ParameterType.Double(ps) : null);
        var interval = flags.TimeInterval ?? (Entry("measurement.time_interval") is { Value: { } ti } ? ParameterType.Double(ti) : null);

        return new PipelineConfig(denoise, denoiseSetting, segmenter, tta, preset, classical, described, model, tracking, track, channel, pixelSize, interval);
    }

    /// <summary>The file's value set by <paramref name="set"/>; its <see cref="ArgumentException"/> becomes the entry's problem.</summary>
    private static T Set<T>(PipelineFile file, PipelineEntry entry, Func<T> set)
    {
        try
        {
            return set();
        }
        catch (ArgumentException e)
        {
            var inner = entry.Key[(entry.Key.IndexOf('.', StringComparison.Ordinal) + 1)..] + ": ";
            var reason = Reason(e);
            var message = reason.StartsWith(inner, StringComparison.Ordinal) ? reason[inner.Length..] : reason;
            throw file.Problem(entry, message);
        }
    }

    /// <summary>An exception's message without .NET's "(Parameter 'name')" suffix.</summary>
    public static string Reason(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
    }

    /// <summary>A flag's value checked and set; throws <see cref="ArgumentException"/> naming the flag.</summary>
    private static T Flag<T>(string flag, SegmenterParameter<T> parameter, T settings, string value)
    {
        try
        {
            return parameter.Set(settings, parameter.Type.Parse(value));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{flag} ({parameter.Key}): {Reason(e)}", e);
        }
    }
}
