namespace CellActors.Imaging.Evaluation;

/// <summary>The DSB2018 score of one image: the mean of <see cref="DsbThresholdCounts.Precision"/> over the thresholds.</summary>
public sealed record DsbImageScore(string ImageId, int ReferenceObjects, int PredictedObjects, double Score, IReadOnlyList<DsbThresholdCounts> Thresholds);
