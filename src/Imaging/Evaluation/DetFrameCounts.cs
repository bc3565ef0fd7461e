namespace CellActors.Imaging.Evaluation;

/// <summary>DET operation counts of one frame.</summary>
/// <param name="Frame">Frame name (for reports).</param>
/// <param name="ReferenceMarkers">Reference markers in the frame.</param>
/// <param name="ResultObjects">Result objects in the frame.</param>
/// <param name="Splits">NS: for each result object matching k &gt; 1 markers, k − 1.</param>
/// <param name="FalseNegatives">FN: markers matched by no result object.</param>
/// <param name="FalsePositives">FP: result objects matching no marker.</param>
public sealed record DetFrameCounts(string Frame, int ReferenceMarkers, int ResultObjects, int Splits, int FalseNegatives, int FalsePositives);
