namespace CellActors.Dashboard.Data;

/// <summary>A frame's objects as the viewer draws them: each one's label, track and mask (RLE, column-major, 1-based).</summary>
public sealed record FrameObjects(string ImageId, int Height, int Width, IReadOnlyList<FrameObject> Objects);
