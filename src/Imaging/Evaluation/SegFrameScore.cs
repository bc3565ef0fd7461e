namespace CellActors.Imaging.Evaluation;

/// <summary>SEG matches of one annotated frame (or one annotated slice).</summary>
public sealed record SegFrameScore(string Frame, IReadOnlyList<SegObjectMatch> Objects)
{
    /// <summary>Mean Jaccard of this frame's reference objects (0 when it has none).</summary>
    public double Mean => Objects.Count == 0 ? 0 : Objects.Average(o => o.Jaccard);
}
