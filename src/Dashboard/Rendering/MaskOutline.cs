namespace CellActors.Dashboard.Rendering;

/// <summary>One object's mask to outline: its RLE, its label and its track (null: untracked).</summary>
public readonly record struct MaskOutline(int Label, string Rle, long? TrackId);
