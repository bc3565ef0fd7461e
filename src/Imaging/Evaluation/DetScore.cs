namespace CellActors.Imaging.Evaluation;

/// <summary>The DET measure over a sequence.</summary>
/// <param name="Det">1 − min(AOGM-D, AOGM-D0) / AOGM-D0.</param>
/// <param name="AogmD">5·NS + 10·FN + 1·FP.</param>
/// <param name="AogmD0">10 × reference markers: the cost of building the reference from an empty result.</param>
/// <param name="Splits">NS over all frames.</param>
/// <param name="FalseNegatives">FN over all frames.</param>
/// <param name="FalsePositives">FP over all frames.</param>
/// <param name="ReferenceMarkers">Reference markers over all frames.</param>
/// <param name="Frames">Per frame counts.</param>
public sealed record DetScore(double Det, double AogmD, double AogmD0, int Splits, int FalseNegatives, int FalsePositives, int ReferenceMarkers, IReadOnlyList<DetFrameCounts> Frames);
