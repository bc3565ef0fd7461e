namespace CellActors.Dashboard.Data;

/// <summary>One object's mask: label, track (null: untracked) and RLE.</summary>
public sealed record FrameObject(int Label, long? TrackId, string Rle);
