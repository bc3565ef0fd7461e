using CellActors.GpuWorker;
using static CellActors.GpuWorker.ParameterType;

namespace CellActors.Cli;

/// <summary>Every key a pipeline file may hold, by section: denoise, segmentation (every classical parameter), model, tracking, measurement.</summary>
public static class PipelineKeys
{
    /// <summary>The value of <see cref="FormatKey"/>.</summary>
    public const string Format = "cellactors-pipeline/1";

    /// <summary>The key naming the file's format.</summary>
    public const string FormatKey = "format";

    /// <summary>The denoise keys.</summary>
    public static IReadOnlyList<PipelineKey> Denoise { get; } =
    [
        new("denoise.method", Choice("none", "median", "gaussian", "background"), false, "Filter applied before the classical segmenter (models see the raw frame): none, median (impulse noise), gaussian (blur), background (subtracts a smooth background: a white top-hat)."),
        new("denoise.kernel_size", Integer(1, 255, odd: true), false, "median: window side, pixels (at most 5 for 16-bit frames)."),
        new("denoise.sigma", Number(0, 1000, minExcluded: true), false, "gaussian: standard deviation, pixels."),
        new("denoise.background_radius", Integer(1, 10_000), false, "background: radius, pixels; larger than the largest cell."),
    ];

    /// <summary>The segmenter key.</summary>
    public static PipelineKey Segmenter { get; } = new("segmentation.segmenter", null, false,
        "auto (the shipped cell model; scale and polarity chosen from each frame) | unet (the shipped nucleus model) | onnx:PATH (a model.json, a bioimageio.yaml or a folder holding one) | "
        + "a classical preset: default, sim, gowt1, msc, dsb (the parameters below start from the preset's values).");

    /// <summary>The test-time augmentation key.</summary>
    public static PipelineKey Tta { get; } = new("model.tta", Choice("none", "flips", "flips+turns"), false,
        "Test-time augmentation: none, flips (4 passes) or flips+turns (8 passes), probabilities averaged.");

    /// <summary>The tracking keys.</summary>
    public static IReadOnlyList<PipelineKey> Tracking { get; } =
    [
        new("tracking.enabled", YesNo, false, "Track the cells once the job is complete (as run --track)."),
        new("tracking.max_distance", Number(0), false, "Largest link distance, pixels; 0: 1.5 x the median cell diameter."),
        new("tracking.max_gap", Integer(0, 1000), false, "Frames a cell may be missed and still be linked to its track."),
        new("tracking.min_division_age", Integer(0, 100_000), false, "Frames a cell must be tracked before it may divide."),
    ];

    /// <summary>The measurement keys.</summary>
    public static IReadOnlyList<PipelineKey> Measurement { get; } =
    [
        new("measurement.channel", null, true, "Channel segmented and measured first: a 0-based index or a channel name from the metadata; null: the first channel (a colour image's luminance). Every channel's intensities are measured."),
        new("measurement.pixel_size", Number(0, minExcluded: true), true, "Pixel size in micrometres (x and y) replacing the files' metadata; null: the metadata's."),
        new("measurement.time_interval", Number(0, minExcluded: true), true, "Seconds between time points replacing the files' metadata; null: the metadata's."),
    ];

    /// <summary>The classical segmenter's keys: <c>segmentation.</c> + <see cref="ClassicalParameters"/>.</summary>
    public static IReadOnlyList<PipelineKey> Classical { get; } =
        [.. ClassicalParameters.All.Select(p => new PipelineKey("segmentation." + p.Key, p.Type, false, p.Help))];

    /// <summary>The model segmenter's keys: <c>model.</c> + <see cref="ModelParameters"/>.</summary>
    public static IReadOnlyList<PipelineKey> Model { get; } =
        [.. ModelParameters.All.Select(p => new PipelineKey("model." + p.Key, p.Type, false, p.Help))];

    /// <summary>Every key, in the order <c>config show</c> writes them.</summary>
    public static IReadOnlyList<PipelineKey> All { get; } =
    [
        new(FormatKey, Choice(Format), false, "The format of this file."),
        .. Denoise, Segmenter, .. Classical, Tta, .. Model, .. Tracking, .. Measurement,
    ];

    private static readonly Dictionary<string, PipelineKey> ByKey = All.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>The key named <paramref name="key"/>, or null.</summary>
    public static PipelineKey? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>True when <paramref name="prefix"/> (<c>model.tiling</c>) is a section that holds keys.</summary>
    public static bool IsSection(string prefix) => All.Any(k => k.Key.StartsWith(prefix + ".", StringComparison.Ordinal));

    /// <summary>The names directly under a section (<c>""</c>: the top level).</summary>
    public static IEnumerable<string> Under(string prefix)
    {
        var start = prefix.Length == 0 ? "" : prefix + ".";
        return All.Where(k => k.Key.StartsWith(start, StringComparison.Ordinal))
            .Select(k => k.Key[start.Length..].Split('.')[0]).Distinct(StringComparer.Ordinal);
    }
}
