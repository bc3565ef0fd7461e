namespace CellActors.Imaging.Evaluation;

/// <summary>
/// The Cell Tracking Challenge SEG measure (Maška et al. 2014; the official SEGMeasure / CTC Fiji plugin).
/// A reference object R matches the result object S with |R∩S| &gt; 0.5·|R| (strictly; at most one S can), and
/// scores J = |R∩S| / |R∪S|; an unmatched R scores 0. SEG is the mean J over every reference object of every
/// annotated frame. Result objects that match nothing are not penalised (that is DET's job). Frames annotated
/// only in part are scored on the objects present in their reference mask, which is all the GT holds.
/// </summary>
public static class CtcSeg
{
    /// <summary>Matches every reference object of one frame.</summary>
    /// <exception cref="ArgumentException">the shapes differ.</exception>
    public static SegFrameScore ScoreFrame(LabelImage reference, LabelImage result, string frame = "")
    {
        var ov = LabelOverlap.Compute(reference, result);
        var best = new Dictionary<int, (int Res, long Inter)>();
        foreach (var (a, b, inter) in ov.Pairs)
            if (2 * inter > ov.ReferenceSizes[a]) best[a] = (b, inter); // > half of R: unique
        var objects = new List<SegObjectMatch>(ov.ReferenceSizes.Count);
        foreach (var (label, size) in ov.ReferenceSizes.OrderBy(kv => kv.Key))
        {
            if (best.TryGetValue(label, out var m))
            {
                long union = size + ov.ResultSizes[m.Res] - m.Inter;
                objects.Add(new SegObjectMatch(label, m.Res, m.Inter / (double)union));
            }
            else
            {
                objects.Add(new SegObjectMatch(label, 0, 0));
            }
        }
        return new SegFrameScore(frame, objects);
    }

    /// <summary>Combines frame scores into SEG.</summary>
    /// <exception cref="ArgumentException">there is no reference object at all (SEG is undefined; the official tool refuses too).</exception>
    public static SegScore Combine(IReadOnlyList<SegFrameScore> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int n = frames.Sum(f => f.Objects.Count);
        if (n == 0) throw new ArgumentException("no reference object in any annotated frame: SEG is undefined", nameof(frames));
        double sum = frames.Sum(f => f.Objects.Sum(o => o.Jaccard));
        int matched = frames.Sum(f => f.Objects.Count(o => o.Result != 0));
        return new SegScore(sum / n, n, matched, frames);
    }
}
