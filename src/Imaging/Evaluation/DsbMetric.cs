namespace CellActors.Imaging.Evaluation;

/// <summary>
/// The Data Science Bowl 2018 metric. Per image: the IoU of every reference/predicted object pair (from one
/// pass over the pixels, <see cref="LabelOverlap"/>); for each threshold t in 0.50, 0.55, ..., 0.95 a pair is a
/// true positive when IoU &gt; t (strictly, as Kaggle's metric), unmatched predictions are false positives and
/// unmatched references false negatives; precision(t) = TP / (TP + FP + FN). The image score is the mean over the
/// ten thresholds, the overall score the mean over images.
/// <para>Thresholds are compared exactly in integers (100 · |A∩B| &gt; T · |A∪B| with T = 50, 55, ..., 95), so an
/// IoU of exactly 0.75 is a hit at 0.70 and a miss at 0.75, with no floating-point ambiguity.</para>
/// <para>Empty images (not in Kaggle's data): no reference and no predicted object scores 1 at every threshold;
/// objects on one side only score 0 (TP = 0 and TP + FP + FN &gt; 0).</para>
/// <para>Objects are the distinct non-zero labels present; label values themselves do not matter.</para>
/// </summary>
public static class DsbMetric
{
    private static readonly int[] Percent = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

    /// <summary>The ten IoU thresholds 0.50..0.95.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = Percent.Select(p => p / 100.0).ToArray();

    /// <summary>Scores one image.</summary>
    /// <exception cref="ArgumentException">the shapes differ.</exception>
    public static DsbImageScore ScoreImage(LabelImage reference, LabelImage predicted, string imageId = "")
    {
        var ov = LabelOverlap.Compute(reference, predicted);
        int nRef = ov.ReferenceSizes.Count, nPred = ov.ResultSizes.Count;
        var tp = new int[Percent.Length];
        foreach (var (a, b, inter) in ov.Pairs)
        {
            long union = ov.ReferenceSizes[a] + ov.ResultSizes[b] - inter;
            for (int k = 0; k < Percent.Length; k++)
                if (100 * inter > Percent[k] * union) tp[k]++;
        }
        var counts = new DsbThresholdCounts[Percent.Length];
        for (int k = 0; k < Percent.Length; k++)
        {
            int fp = nPred - tp[k], fn = nRef - tp[k];
            int denom = tp[k] + fp + fn;
            double precision = denom == 0 ? 1.0 : tp[k] / (double)denom;
            counts[k] = new DsbThresholdCounts(Thresholds[k], tp[k], fp, fn, precision);
        }
        return new DsbImageScore(imageId, nRef, nPred, counts.Average(c => c.Precision), counts);
    }

    /// <summary>Scores images given as (id, reference, predicted) and averages over them.</summary>
    /// <exception cref="ArgumentException">no image was given, or an image's shapes differ.</exception>
    public static DsbScore Score(IEnumerable<(string ImageId, LabelImage Reference, LabelImage Predicted)> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var scores = images.Select(i => ScoreImage(i.Reference, i.Predicted, i.ImageId)).ToList();
        if (scores.Count == 0) throw new ArgumentException("no image to score", nameof(images));
        return new DsbScore(scores.Average(s => s.Score), scores);
    }
}
