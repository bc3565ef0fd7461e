using CellActors.Imaging;
using CellActors.Inference;
using static CellActors.GpuWorker.ParameterType;

namespace CellActors.GpuWorker;

/// <summary>
/// The tunable parameters of a model segmenter: the thresholds of its output's decoding (<see cref="InstanceOptions"/>,
/// <see cref="StarDistOptions"/>, <see cref="CellposeOptions"/>), its object size and its tiling, under the keys a
/// pipeline file (<c>model.instances.foreground_threshold</c>) and a segmentation setting
/// (<c>auto,instances.foreground_threshold=0.3</c>) use. Their values start from the model's description; the
/// parameters that do not apply to a model's output kind are refused.
/// </summary>
public static class ModelParameters
{
    /// <summary>The object size of a model whose description has none: frames are segmented at their own size.</summary>
    private static readonly ObjectSize NoSize = new(0, Estimate: false, MinScale: 0.25, MaxScale: 1.0);

    private static bool Probability(ModelDescription m) => m.OutputKind is OutputKind.InteriorBoundary or OutputKind.Foreground;

    private static bool Sized(ModelDescription m) => Probability(m);

    private static ModelDescription WithSize(ModelDescription m, Func<ObjectSize, ObjectSize> change)
    {
        var s = change(m.Size ?? NoSize);
        if (s.FrameDiameter > 0 && !(s.Diameter > 0)) throw new ArgumentException("object_size.frame_diameter needs object_size.diameter, the diameter of the objects the model was trained on");
        return m with { Size = s.Diameter > 0 ? s : null };
    }

    private static ModelDescription WithStarDist(ModelDescription m, Func<StarDistOptions, StarDistOptions> change) => m with { StarDist = change(m.StarDist ?? new()) };

    private static ModelDescription WithCellpose(ModelDescription m, Func<CellposeOptions, CellposeOptions> change) => m with { Cellpose = change(m.Cellpose ?? new()) };

    private static ModelDescription WithTile(ModelDescription m, int tile)
    {
        if (m.FixedSize is { } f && tile != f) throw new ArgumentException($"tiling.tile: this model takes tiles of exactly {f} pixels");
        if (tile % m.MultipleOf != 0) throw new ArgumentException($"tiling.tile: {tile} is not a multiple of {m.MultipleOf}, as this model needs");
        return m with { Tile = tile };
    }

    /// <summary>The parameters, in the order they are applied and listed.</summary>
    public static IReadOnlyList<SegmenterParameter<ModelDescription>> All { get; } =
    [
        new("instances.seed_threshold", Number(0, 1), "A pixel seeds an object when its interior probability exceeds this.",
            m => Text(m.Instances.SeedThreshold), (m, v) => m with { Instances = m.Instances with { SeedThreshold = Double(v) } },
            m => m.OutputKind == OutputKind.InteriorBoundary),
        new("instances.foreground_threshold", Number(0, 1), "A pixel belongs to an object when its foreground probability exceeds this: lower finds more and larger objects.",
            m => Text(m.Instances.ForegroundThreshold), (m, v) => m with { Instances = m.Instances with { ForegroundThreshold = Double(v) } }, Probability),
        new("instances.min_area", Integer(0), "Objects with fewer pixels (at the model's scale) are dropped.",
            m => Text(m.Instances.MinArea), (m, v) => m with { Instances = m.Instances with { MinArea = Int(v) } }, Probability),
        new("instances.min_peak_distance", Integer(1), "Distance-transform maxima closer than this many pixels give one seed.",
            m => Text(m.Instances.MinPeakDistance), (m, v) => m with { Instances = m.Instances with { MinPeakDistance = Int(v) } },
            m => m.OutputKind == OutputKind.Foreground),
        new("instances.min_seed_area", Integer(0), "A component of confident interior with fewer pixels seeds nothing (0: every component seeds).",
            m => Text(m.Instances.MinSeedArea), (m, v) => m with { Instances = m.Instances with { MinSeedArea = Int(v) } },
            m => m.OutputKind == OutputKind.InteriorBoundary),
        new("stardist.prob_threshold", Number(0, 1, maxExcluded: true), "A pixel is a candidate object centre when its object probability exceeds this (StarDist's prob_thresh).",
            m => Text((m.StarDist ?? new()).ProbThreshold), (m, v) => WithStarDist(m, s => s with { ProbThreshold = Double(v) }), m => m.OutputKind == OutputKind.StarDist),
        new("stardist.nms_threshold", Number(0, 1), "A candidate is suppressed when its polygon overlaps a more probable one by more than this IoU (StarDist's nms_thresh).",
            m => Text((m.StarDist ?? new()).NmsThreshold), (m, v) => WithStarDist(m, s => s with { NmsThreshold = Double(v) }), m => m.OutputKind == OutputKind.StarDist),
        new("stardist.min_area", Integer(0), "Objects with fewer pixels are dropped (0: none).",
            m => Text((m.StarDist ?? new()).MinArea), (m, v) => WithStarDist(m, s => s with { MinArea = Int(v) }), m => m.OutputKind == OutputKind.StarDist),
        new("cellpose.cellprob_threshold", Number(), "Pixels whose cell-probability logit exceeds this follow the flows (Cellpose's cellprob_threshold): lower finds more and larger cells.",
            m => Text((m.Cellpose ?? new()).CellprobThreshold), (m, v) => WithCellpose(m, c => c with { CellprobThreshold = Double(v) }), m => m.OutputKind == OutputKind.Cellpose),
        new("cellpose.niter", Integer(0, 100_000), "Euler steps each pixel takes along the flows (Cellpose's niter).",
            m => Text((m.Cellpose ?? new()).Niter), (m, v) => WithCellpose(m, c => c with { Niter = Int(v) }), m => m.OutputKind == OutputKind.Cellpose),
        new("cellpose.min_size", Integer(0), "Masks with fewer pixels are removed (Cellpose's min_size).",
            m => Text((m.Cellpose ?? new()).MinSize), (m, v) => WithCellpose(m, c => c with { MinSize = Int(v) }), m => m.OutputKind == OutputKind.Cellpose),
        new("cellpose.flow_scale", Number(0, minExcluded: true), "Each Euler step is the interpolated flow times this (0.2 for networks that predict five times the unit flow, as Cellpose's).",
            m => Text((m.Cellpose ?? new()).FlowScale), (m, v) => WithCellpose(m, c => c with { FlowScale = Double(v) }), m => m.OutputKind == OutputKind.Cellpose),
        new("object_size.diameter", Number(0), "Typical diameter, in pixels, of the objects the model was trained on; 0: unknown, frames are segmented at their own size.",
            m => Text((m.Size ?? NoSize).Diameter), (m, v) => WithSize(m, s => s with { Diameter = Double(v) }), Sized),
        new("object_size.estimate", YesNo, "Measure each frame's objects (a first pass at half size) and rescale the frame so that they reach the model at its diameter.",
            m => Text((m.Size ?? NoSize).Estimate), (m, v) => WithSize(m, s => s with { Estimate = Bool(v) }), Sized),
        new("object_size.min_scale", Number(0, 1, minExcluded: true), "Smallest scale applied (frames of very large objects).",
            m => Text((m.Size ?? NoSize).MinScale), (m, v) => WithSize(m, s => s with { MinScale = Double(v) }), Sized),
        new("object_size.max_scale", Number(1), "Largest scale applied (frames of very small objects; 1 never enlarges).",
            m => Text((m.Size ?? NoSize).MaxScale), (m, v) => WithSize(m, s => s with { MaxScale = Double(v) }), Sized),
        new("object_size.frame_diameter", Number(0), "The diameter of the objects in your frames, pixels (Cellpose's diameter): every frame is rescaled by diameter / frame_diameter, nothing is estimated; 0: not given.",
            m => Text((m.Size ?? NoSize).FrameDiameter), (m, v) => WithSize(m, s => s with { FrameDiameter = Double(v) }), Sized),
        new("tiling.tile", Integer(1), "Largest tile side, pixels, that frames are cut into (a multiple of the model's multiple_of); larger tiles need more memory.",
            m => Text(m.Tile), (m, v) => WithTile(m, Int(v))),
        new("tiling.overlap", Integer(0), "Pixels of context kept on each inner side of a tile and discarded (less than half the tile).",
            m => Text(m.Overlap), (m, v) => m with { Overlap = Int(v) }),
    ];

    /// <summary>The parameter named <paramref name="key"/>, or null.</summary>
    public static SegmenterParameter<ModelDescription>? Find(string key) => All.FirstOrDefault(p => p.Key == key);

    /// <summary>The name of an output kind as model.json writes it (<c>interior_boundary</c>).</summary>
    public static string KindName(OutputKind kind) => kind switch
    {
        OutputKind.InteriorBoundary => "interior_boundary",
        OutputKind.Foreground => "foreground",
        OutputKind.StarDist => "stardist",
        _ => "cellpose",
    };

    /// <summary>The key of the model's main threshold (what <c>--threshold</c> sets): the foreground probability, StarDist's or Cellpose's.</summary>
    public static string ThresholdKey(ModelDescription model) => model.OutputKind switch
    {
        OutputKind.StarDist => "stardist.prob_threshold",
        OutputKind.Cellpose => "cellpose.cellprob_threshold",
        _ => "instances.foreground_threshold",
    };

    /// <summary>The key of the model's smallest object area (what <c>--min-area</c> sets).</summary>
    public static string MinAreaKey(ModelDescription model) => model.OutputKind switch
    {
        OutputKind.StarDist => "stardist.min_area",
        OutputKind.Cellpose => "cellpose.min_size",
        _ => "instances.min_area",
    };

    /// <summary>Checks a key and a value without a model (type and range); throws <see cref="ArgumentException"/> naming the key.</summary>
    public static string Canonical(string key, string value)
    {
        var p = Find(key) ?? throw new ArgumentException($"'{key}' is not a parameter of model segmenters (known: {string.Join(", ", All.Select(x => x.Key))})");
        try
        {
            return p.Type.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{key}: {e.Message}", e);
        }
    }

    /// <summary>
    /// <paramref name="model"/> with <paramref name="overrides"/> (key, value) set in the order of <see cref="All"/>, then
    /// checked; throws <see cref="ArgumentException"/> naming the key for an unknown key, a bad value or a parameter
    /// that does not apply to the model's output kind, and <see cref="ModelDescriptionException"/> when the result
    /// is not a valid description.
    /// </summary>
    public static ModelDescription Apply(ModelDescription model, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(overrides);
        var given = overrides.ToList();
        if (given.Count == 0) return model;
        foreach (var (key, value) in given.OrderBy(kv => All.ToList().FindIndex(p => p.Key == kv.Key)))
        {
            var canonical = Canonical(key, value);
            var p = Find(key)!;
            if (!p.AppliesTo(model)) throw new ArgumentException($"{key} does not apply to model '{model.Name}' (its output is {KindName(model.OutputKind)})");
            try
            {
                model = p.Set(model, canonical);
            }
            catch (ArgumentException e) when (!e.Message.StartsWith(key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{key}: {e.Message}", e);
            }
        }
        return model.Checked();
    }

    /// <summary>The applicable parameters whose values differ between <paramref name="described"/> and <paramref name="tuned"/>, as (key, canonical value), in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Differences(ModelDescription described, ModelDescription tuned) =>
        [.. All.Where(p => p.AppliesTo(described) && p.Get(described) != p.Get(tuned)).Select(p => KeyValuePair.Create(p.Key, p.Get(tuned)))];
}
