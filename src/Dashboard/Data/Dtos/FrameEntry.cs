namespace CellActors.Dashboard.Data;

/// <summary>One frame of a sequence in the viewer's list.</summary>
public sealed record FrameEntry(string ImageId, int T, int Z, int CellCount);
