namespace CellActors.Imaging.Tracking;

/// <summary>
/// Settings of the frame-to-frame tracker (see <see cref="SequenceTracker"/>).
/// </summary>
/// <param name="MaxDistance">Largest centroid displacement between consecutive frames, in pixels, for a link
/// without overlap; 0 = automatic (1.5 × the median equivalent diameter of the first frame with objects). Gap
/// closing allows this times √(frames apart).</param>
/// <param name="MaxGap">Frames an object may be missed and still be linked to its track (0 disables gap closing).</param>
/// <param name="MinDivisionAge">Frames a cell must have been tracked (since its own birth or division) before it may divide.</param>
/// <param name="DivisionAreaMin">Lowest (daughter₁ + daughter₂) / mother area ratio accepted as a division.</param>
/// <param name="DivisionAreaMax">Highest (daughter₁ + daughter₂) / mother area ratio accepted as a division.</param>
/// <param name="DaughterSimilarity">Smallest smaller/larger daughter area ratio accepted as a division.</param>
/// <param name="DivisionDistance">Largest distance from the mother's centroid to each daughter's, as a multiple of the mother's equivalent diameter.</param>
public sealed record TrackingOptions(
    double MaxDistance = 0,
    int MaxGap = 2,
    int MinDivisionAge = 3,
    double DivisionAreaMin = 0.55,
    double DivisionAreaMax = 1.6,
    double DaughterSimilarity = 0.3,
    double DivisionDistance = 1.25)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(MaxDistance >= 0) || double.IsInfinity(MaxDistance)) throw new ArgumentException($"max distance must be >= 0 (0 = automatic), got {MaxDistance}");
        if (MaxGap < 0) throw new ArgumentException($"max gap must be >= 0, got {MaxGap}");
        if (MinDivisionAge < 1) throw new ArgumentException($"min division age must be >= 1, got {MinDivisionAge}");
        if (!(DivisionAreaMin > 0) || !(DivisionAreaMax >= DivisionAreaMin)) throw new ArgumentException($"division area ratio range [{DivisionAreaMin}, {DivisionAreaMax}] is empty");
        if (DaughterSimilarity is < 0 or > 1) throw new ArgumentException($"daughter similarity must be in [0, 1], got {DaughterSimilarity}");
        if (!(DivisionDistance > 0)) throw new ArgumentException($"division distance must be > 0, got {DivisionDistance}");
    }

    /// <summary>A stable text form, stored with a tracking run so a resumed run uses the same settings.</summary>
    public string Describe() => FormattableString.Invariant(
        $"max-distance={MaxDistance};max-gap={MaxGap};min-division-age={MinDivisionAge};division-area={DivisionAreaMin}-{DivisionAreaMax};daughter-similarity={DaughterSimilarity};division-distance={DivisionDistance}");
}
