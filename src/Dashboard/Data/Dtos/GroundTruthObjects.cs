namespace CellActors.Dashboard.Data;

/// <summary>The ground-truth objects (<c>gt_objects</c>) annotating one frame of a job, every import and source (SEG, TRA).</summary>
public sealed record GroundTruthObjects(string ImageId, int Height, int Width, IReadOnlyList<GroundTruthObject> Objects);
