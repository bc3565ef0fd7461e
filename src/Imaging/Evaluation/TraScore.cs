namespace CellActors.Imaging.Evaluation;

/// <summary>The TRA measure of a tracking result.</summary>
/// <param name="Tra">1 − min(AOGM, AOGM0) / AOGM0.</param>
/// <param name="Aogm">5·NS + 10·FN + 1·FP + 1·ED + 1.5·EA + 1·EC.</param>
/// <param name="Aogm0">The cost of building the reference graph from nothing: 10·ReferenceVertices + 1.5·ReferenceEdges.</param>
/// <param name="Splits">NS: for each result object matching k &gt; 1 markers, k − 1.</param>
/// <param name="FalseNegatives">FN: markers no result object matches.</param>
/// <param name="FalsePositives">FP: result objects matching no marker.</param>
/// <param name="RedundantEdges">ED: result edges between uniquely matched objects whose markers the reference does not link.</param>
/// <param name="MissingEdges">EA: reference edges the result does not have between the matching objects.</param>
/// <param name="WrongSemantics">EC: result edges present in the reference with the other meaning (a track continuation for a division link or the reverse).</param>
/// <param name="ReferenceVertices">Σ (E − B + 1) over the reference tracks.</param>
/// <param name="ReferenceEdges">Σ (E − B) over the reference tracks plus the reference tracks with a parent.</param>
/// <param name="Frames">Time points scored.</param>
/// <param name="Operations">Every charged operation, grouped NS, FN, FP, ED, EA, EC.</param>
public sealed record TraScore(
    double Tra, double Aogm, double Aogm0,
    int Splits, int FalseNegatives, int FalsePositives, int RedundantEdges, int MissingEdges, int WrongSemantics,
    int ReferenceVertices, int ReferenceEdges, int Frames, IReadOnlyList<TraOperation> Operations);
