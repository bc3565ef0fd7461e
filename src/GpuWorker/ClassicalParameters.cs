using CellActors.Imaging;
using static CellActors.GpuWorker.ParameterType;

namespace CellActors.GpuWorker;

/// <summary>
/// Every parameter of the classical segmenter (<see cref="SegmentationOptions"/>) under the key a pipeline file and a
/// segmentation setting use (<c>default,min_area=50,method=local</c>), and their application to a preset's options.
/// </summary>
public static class ClassicalParameters
{
    private static readonly string[] Methods = ["otsu", "triangle", "local"];
    private static readonly string[] Polarities = ["bright_objects", "dark_objects", "auto"];

    /// <summary>The parameters, in <see cref="SegmentationOptions"/>' order.</summary>
    public static IReadOnlyList<SegmenterParameter<SegmentationOptions>> All { get; } =
    [
        new("method", Choice(Methods), "Threshold method: otsu and triangle are global (one threshold per frame), local compares each pixel with the mean of its block_size window.",
            o => Methods[(int)o.Method], (o, v) => o with { Method = (ThresholdMethod)Array.IndexOf(Methods, v) }),
        new("correction_factor", Number(0, minExcluded: true), "Multiplies the threshold, measured from the image minimum (CellProfiler's threshold correction factor): above 1 stricter, below 1 more lenient.",
            o => Text(o.CorrectionFactor), (o, v) => o with { CorrectionFactor = Double(v) }),
        new("min_area", Integer(0), "Objects with fewer pixels are discarded (after splitting).",
            o => Text(o.MinArea), (o, v) => o with { MinArea = Int(v) }),
        new("max_area", Integer(0), "Objects with more pixels are discarded (after splitting); 0: no limit.",
            o => Text(o.MaxArea), (o, v) => o with { MaxArea = Int(v) }),
        new("fill_holes", YesNo, "Fill background regions fully enclosed by an object.",
            o => Text(o.FillHoles), (o, v) => o with { FillHoles = Bool(v) }),
        new("split_touching", YesNo, "Split clumps by a watershed of the distance transform seeded at its local maxima.",
            o => Text(o.SplitTouching), (o, v) => o with { SplitTouching = Bool(v) }),
        new("min_peak_distance", Integer(1), "Seeds (distance-transform maxima) closer than this many pixels merge; also the smoothing scale. About a third of the object diameter.",
            o => Text(o.MinPeakDistance), (o, v) => o with { MinPeakDistance = Int(v) }),
        new("peak_min_height", Number(0), "A seed lies at least this many pixels inside its object.",
            o => Text(o.PeakMinHeight), (o, v) => o with { PeakMinHeight = Double(v) }),
        new("exclude_border_objects", YesNo, "Discard objects touching the frame's border.",
            o => Text(o.ExcludeBorderObjects), (o, v) => o with { ExcludeBorderObjects = Bool(v) }),
        new("block_size", Integer(3, 100_001, odd: true), "Local method: side of the window whose mean a pixel is compared with, pixels.",
            o => Text(o.BlockSize), (o, v) => o with { BlockSize = Int(v) }),
        new("local_offset", Number(-1, 1), "Local method: how far above the local mean a pixel must be, as a fraction of the frame's robust dynamic range.",
            o => Text(o.LocalOffset), (o, v) => o with { LocalOffset = Double(v) }),
        new("local_global_floor", Number(0), "Local method: a pixel must also exceed min + (otsu - min) x this factor.",
            o => Text(o.LocalGlobalFloor), (o, v) => o with { LocalGlobalFloor = Double(v) }),
        new("polarity", Choice(Polarities), "bright_objects (fluorescence), dark_objects (objects darker than the background), or auto (decided per frame from its pixels).",
            o => Polarities[(int)o.Polarity], (o, v) => o with { Polarity = (Polarity)Array.IndexOf(Polarities, v) }),
        new("min_separation", Number(0), "No objects are found in a frame whose threshold classes are not separated: (mean of objects - mean of background) / std of background below this.",
            o => Text(o.MinSeparation), (o, v) => o with { MinSeparation = Double(v) }),
        new("opening_radius", Integer(0, 1000), "Radius of a morphological opening of the foreground mask (removes spurs and single-pixel noise); 0: none.",
            o => Text(o.OpeningRadius), (o, v) => o with { OpeningRadius = Int(v) }),
        new("log_transform", YesNo, "Compute the global threshold on log intensities (as CellProfiler does), which keeps dim objects next to bright ones.",
            o => Text(o.LogTransform), (o, v) => o with { LogTransform = Bool(v) }),
    ];

    /// <summary>The parameter named <paramref name="key"/>, or null.</summary>
    public static SegmenterParameter<SegmentationOptions>? Find(string key) => All.FirstOrDefault(p => p.Key == key);

    /// <summary>
    /// <paramref name="options"/> with <paramref name="overrides"/> (key, value) set, in order; throws
    /// <see cref="ArgumentException"/> naming the key for an unknown key or a bad value.
    /// </summary>
    public static SegmentationOptions Apply(SegmentationOptions options, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (key, value) in overrides)
        {
            var p = Find(key) ?? throw new ArgumentException($"'{key}' is not a parameter of the classical segmenter (known: {string.Join(", ", All.Select(x => x.Key))})");
            string canonical;
            try
            {
                canonical = p.Type.Parse(value);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{key}: {e.Message}", e);
            }
            options = p.Set(options, canonical);
        }
        return options;
    }

    /// <summary>The parameters whose values differ between <paramref name="preset"/> and <paramref name="tuned"/>, as (key, canonical value), in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Differences(SegmentationOptions preset, SegmentationOptions tuned) =>
        [.. All.Where(p => p.Get(preset) != p.Get(tuned)).Select(p => KeyValuePair.Create(p.Key, p.Get(tuned)))];
}
