namespace CellActors.Inference;

/// <summary>One tile along one axis: the tile covers <c>[Start, Start + Size)</c> (positions past the frame are mirrored
/// padding) and writes its result to <c>[WriteStart, WriteEnd)</c>.</summary>
/// <param name="Start">First frame position the tile covers.</param>
/// <param name="WriteStart">First frame position taken from this tile.</param>
/// <param name="WriteEnd">End (exclusive) of the positions taken from this tile.</param>
public readonly record struct TileSpan(int Start, int WriteStart, int WriteEnd);
