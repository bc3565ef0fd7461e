namespace CellActors.Imaging.Evaluation;

/// <summary>
/// The Cell Tracking Challenge DET measure: normalised AOGM-D (Matula et al. 2015; the official DETMeasure / CTC Fiji
/// plugin). In each frame a result object matches a reference marker (from <c>TRA/man_trackTTT.tif</c>) when it
/// covers more than half of the marker's pixels (|M∩S| &gt; 0.5·|M|). A result object matching k &gt; 1 markers needs
/// k − 1 splits (NS); a marker no result object matches is a false negative (FN); a result object matching no marker
/// is a false positive (FP). AOGM-D = 5·NS + 10·FN + 1·FP, AOGM-D0 = 10 · (number of markers), and
/// DET = 1 − min(AOGM-D, AOGM-D0) / AOGM-D0.
/// </summary>
public static class CtcDet
{
    /// <summary>Weight of a split (NS).</summary>
    public const double SplitWeight = 5;

    /// <summary>Weight of a false negative vertex (FN).</summary>
    public const double FalseNegativeWeight = 10;

    /// <summary>Weight of a false positive vertex (FP).</summary>
    public const double FalsePositiveWeight = 1;

    /// <summary>Counts NS, FN and FP in one frame.</summary>
    /// <exception cref="ArgumentException">the shapes differ.</exception>
    public static DetFrameCounts ScoreFrame(LabelImage markers, LabelImage result, string frame = "")
    {
        var ov = LabelOverlap.Compute(markers, result);
        var matchedMarkers = new HashSet<int>();
        var perResult = new Dictionary<int, int>();
        foreach (var (m, s, inter) in ov.Pairs)
        {
            if (2 * inter <= ov.ReferenceSizes[m]) continue;
            matchedMarkers.Add(m);
            perResult[s] = perResult.GetValueOrDefault(s) + 1;
        }
        int ns = perResult.Values.Sum(k => k - 1);
        int fn = ov.ReferenceSizes.Count - matchedMarkers.Count;
        int fp = ov.ResultSizes.Count - perResult.Count;
        return new DetFrameCounts(frame, ov.ReferenceSizes.Count, ov.ResultSizes.Count, ns, fn, fp);
    }

    /// <summary>Combines frame counts into DET.</summary>
    /// <exception cref="ArgumentException">there is no reference marker at all (DET is undefined; the official tool refuses too).</exception>
    public static DetScore Combine(IReadOnlyList<DetFrameCounts> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int markers = frames.Sum(f => f.ReferenceMarkers);
        if (markers == 0) throw new ArgumentException("no reference marker in any frame: DET is undefined", nameof(frames));
        int ns = frames.Sum(f => f.Splits), fn = frames.Sum(f => f.FalseNegatives), fp = frames.Sum(f => f.FalsePositives);
        double aogm = SplitWeight * ns + FalseNegativeWeight * fn + FalsePositiveWeight * fp;
        double empty = FalseNegativeWeight * markers;
        double det = 1 - Math.Min(aogm, empty) / empty;
        return new DetScore(det, aogm, empty, ns, fn, fp, markers, frames);
    }
}
