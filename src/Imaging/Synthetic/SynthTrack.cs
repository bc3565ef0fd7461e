namespace CellActors.Imaging;

/// <summary>One CTC track line <c>L B E P</c>: label, first frame, last frame, parent label (0: none).</summary>
public sealed record SynthTrack(int Label, int Begin, int End, int Parent);
