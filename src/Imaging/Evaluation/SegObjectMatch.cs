namespace CellActors.Imaging.Evaluation;

/// <summary>The match of one reference object in SEG: the result label covering more than half of it (0 when none) and the Jaccard index.</summary>
public sealed record SegObjectMatch(int Reference, int Result, double Jaccard);
