namespace CellActors.Imaging.Evaluation;

/// <summary>Counts at one IoU threshold of one image.</summary>
/// <param name="Threshold">IoU threshold t; a pair is a hit when IoU &gt; t (strictly).</param>
/// <param name="TruePositives">Reference/predicted pairs with IoU &gt; t (one-to-one for t ≥ 0.5).</param>
/// <param name="FalsePositives">Predicted objects with no hit.</param>
/// <param name="FalseNegatives">Reference objects with no hit.</param>
/// <param name="Precision">TP / (TP + FP + FN); see <see cref="DsbMetric"/> for empty images.</param>
public sealed record DsbThresholdCounts(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives, double Precision);
