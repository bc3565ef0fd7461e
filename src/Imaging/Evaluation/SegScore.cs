namespace CellActors.Imaging.Evaluation;

/// <summary>The SEG measure over all annotated frames.</summary>
/// <param name="Seg">Mean Jaccard over all reference objects of all annotated frames.</param>
/// <param name="ReferenceObjects">Reference objects scored.</param>
/// <param name="Matched">Reference objects with a matching result object.</param>
/// <param name="Frames">Per frame details.</param>
public sealed record SegScore(double Seg, int ReferenceObjects, int Matched, IReadOnlyList<SegFrameScore> Frames);
