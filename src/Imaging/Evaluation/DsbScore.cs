namespace CellActors.Imaging.Evaluation;

/// <summary>The DSB2018 score of a set of images: the mean of the image scores.</summary>
public sealed record DsbScore(double Score, IReadOnlyList<DsbImageScore> Images)
{
    /// <summary>Mean precision at each threshold over the images (for a per-threshold table).</summary>
    public IReadOnlyList<double> MeanPrecisionPerThreshold =>
        Images.Count == 0
            ? []
            : Enumerable.Range(0, DsbMetric.Thresholds.Count).Select(k => Images.Average(i => i.Thresholds[k].Precision)).ToArray();
}
