namespace CellActors.Imaging;

/// <summary>How <see cref="ProbabilityInstances"/> turns probability maps into objects.</summary>
/// <param name="SeedThreshold">A pixel seeds an object when its interior probability exceeds this (interior/boundary models);
/// foreground models: unused.</param>
/// <param name="ForegroundThreshold">A pixel belongs to some object when its foreground probability (interior + boundary, or the
/// model's single foreground channel) exceeds this.</param>
/// <param name="MinArea">Objects with fewer pixels are dropped.</param>
/// <param name="MinPeakDistance">Foreground models: local maxima of the distance transform closer than this (pixels) give one seed.</param>
/// <param name="MinSeedArea">Interior/boundary models: a component of confident interior with fewer pixels seeds nothing (a dark
/// spot inside a textured nucleus must not cut it in two); its pixels go to the object that floods them, or form one of their
/// own when none does. 0: every component seeds.</param>
/// <param name="RelativeSeedArea">Interior/boundary models: the seed minimum follows the frame's objects: it is at most this
/// share of the typical object's area (the area-weighted median over the objects of a first pass with every seed, counting
/// those of at least <paramref name="MinSeedArea"/> pixels), so frames whose objects are only a few times the minimum
/// keep smaller seeds while large cells keep the full minimum. 0: <paramref name="MinSeedArea"/> as it is.</param>
public sealed record InstanceOptions(double SeedThreshold = 0.5, double ForegroundThreshold = 0.5, int MinArea = 8, int MinPeakDistance = 4, int MinSeedArea = 0,
    double RelativeSeedArea = 0)
{
    /// <summary>Canonical string of every parameter (part of a job's configuration fingerprint).</summary>
    public string Describe() => FormattableString.Invariant(
        $"instances/v1;seed={SeedThreshold:R};foreground={ForegroundThreshold:R};min_area={MinArea};min_peak_distance={MinPeakDistance}{(MinSeedArea > 0 ? $";min_seed_area={MinSeedArea}" : "")}{(RelativeSeedArea > 0 ? $";relative_seed_area={RelativeSeedArea:R}" : "")}");

    /// <summary>
    /// These options for maps that a model computed at <paramref name="scale"/> and that were then resampled to the
    /// frame's size: sizes are meant in the model's pixels, so areas grow by 1 / scale² and distances by 1 / scale.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    public InstanceOptions AtScale(double scale)
    {
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be positive");
        if (scale == 1.0) return this;
        static int Up(double v) => (int)Math.Ceiling(v - 1e-9);   // 8 / 0.5² is 32, not 33 by rounding error
        var area = 1 / (scale * scale);
        return this with { MinArea = Up(MinArea * area), MinSeedArea = Up(MinSeedArea * area), MinPeakDistance = Up(MinPeakDistance / scale) };
    }
}
