using System.Globalization;

namespace CellActors.Imaging;

/// <summary>
/// Parameters of <see cref="ClassicalSegmenter"/>, in the spirit of CellProfiler's IdentifyPrimaryObjects.
/// Areas are in pixels, distances in pixels. <see cref="Describe"/> gives a canonical string of every parameter
/// that a job stores to refuse mixing configurations.
/// </summary>
/// <param name="Method">Threshold method.</param>
/// <param name="CorrectionFactor">Multiplies the threshold, measured from the image minimum (offset-invariant): t' = min + (t - min) × factor.</param>
/// <param name="MinArea">Objects with fewer pixels are discarded (after splitting).</param>
/// <param name="MaxArea">Objects with more pixels are discarded (after splitting); 0 = no limit.</param>
/// <param name="FillHoles">Fill background regions fully enclosed by foreground.</param>
/// <param name="SplitTouching">Split clumps by watershed on the distance transform, seeded from its local maxima.</param>
/// <param name="MinPeakDistance">Local maxima of the (smoothed) distance transform closer than this (Chebyshev window radius) are suppressed; also the smoothing scale.</param>
/// <param name="PeakMinHeight">A seed must lie at least this deep inside the mask (distance transform value, pixels).</param>
/// <param name="ExcludeBorderObjects">Discard objects touching the image border.</param>
/// <param name="BlockSize">Local method: odd window size of the local mean, pixels.</param>
/// <param name="LocalOffset">Local method: how far above the local mean a pixel must be, as a fraction of the robust dynamic range.</param>
/// <param name="LocalGlobalFloor">Local method: the pixel must also exceed min + (Otsu - min) × this factor.</param>
/// <param name="Polarity">Bright objects, dark objects, or decide per image.</param>
/// <param name="MinSeparation">Refuse to find objects (return none) when the Otsu classes are not separated: (mean_fg - mean_bg) / std_bg below this.</param>
/// <param name="LogTransform">Compute the global threshold on log-transformed intensities (as CellProfiler does), which keeps dim objects next to bright ones.</param>
/// <param name="OpeningRadius">Radius of a morphological opening applied to the foreground mask (0 = none); removes spurs and single-pixel noise.</param>
public sealed record SegmentationOptions(
    ThresholdMethod Method = ThresholdMethod.Otsu,
    double CorrectionFactor = 1.0,
    int MinArea = 30,
    int MaxArea = 0,
    bool FillHoles = true,
    bool SplitTouching = true,
    int MinPeakDistance = 7,
    double PeakMinHeight = 3.0,
    bool ExcludeBorderObjects = false,
    int BlockSize = 101,
    double LocalOffset = 0.0,
    double LocalGlobalFloor = 0.5,
    Polarity Polarity = Polarity.BrightObjects,
    double MinSeparation = 4.0,
    int OpeningRadius = 1,
    bool LogTransform = true)
{
    /// <summary>The default parameters: Otsu, fill holes, split touching objects, objects of at least 30 pixels.</summary>
    public static SegmentationOptions Default { get; } = new();

    /// <summary>Names accepted by <see cref="ForPreset"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["default", "sim", "gowt1", "msc", "dsb"];

    /// <summary>
    /// Parameters tuned per data kind: "default", "sim" (CTC Fluo-N2DH-SIM+), "gowt1" (CTC Fluo-N2DH-GOWT1),
    /// "msc" (CTC Fluo-C2DL-MSC: large whole cells, uneven), "dsb" (Data Science Bowl 2018: small nuclei, mixed
    /// modalities, dark-on-bright images inverted automatically). Case-insensitive.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a known preset.</exception>
    public static SegmentationOptions ForPreset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "default" => Default,
        "sim" => new SegmentationOptions(MinArea: 60, MinPeakDistance: 9, PeakMinHeight: 4),
        "gowt1" => new SegmentationOptions(MinArea: 200, MinPeakDistance: 25, PeakMinHeight: 10),
        "msc" => new SegmentationOptions(Method: ThresholdMethod.Local, MinArea: 400, MinPeakDistance: 25, PeakMinHeight: 10,
            BlockSize: 301, LocalOffset: 0.0, LocalGlobalFloor: 1.0, SplitTouching: false, OpeningRadius: 2),
        "dsb" => new SegmentationOptions(Method: ThresholdMethod.Local, BlockSize: 31, LocalGlobalFloor: 0.7,
            MinArea: 15, MinPeakDistance: 4, PeakMinHeight: 2, Polarity: Polarity.Auto),
        _ => throw new ArgumentException($"unknown segmentation preset '{name}' (known: {string.Join(", ", PresetNames)})", nameof(name)),
    };

    /// <summary>Canonical, culture-invariant string of every parameter, in declaration order.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(";",
            "classical/v1",
            $"method={Method}",
            $"correction={CorrectionFactor.ToString("R", c)}",
            $"min_area={MinArea.ToString(c)}",
            $"max_area={MaxArea.ToString(c)}",
            $"fill_holes={FillHoles}",
            $"split={SplitTouching}",
            $"min_peak_distance={MinPeakDistance.ToString(c)}",
            $"peak_min_height={PeakMinHeight.ToString("R", c)}",
            $"exclude_border={ExcludeBorderObjects}",
            $"block_size={BlockSize.ToString(c)}",
            $"local_offset={LocalOffset.ToString("R", c)}",
            $"local_global_floor={LocalGlobalFloor.ToString("R", c)}",
            $"polarity={Polarity}",
            $"min_separation={MinSeparation.ToString("R", c)}",
            $"opening_radius={OpeningRadius.ToString(c)}",
            $"log={LogTransform}");
    }

    /// <inheritdoc cref="Describe"/>
    public override string ToString() => Describe();
}
