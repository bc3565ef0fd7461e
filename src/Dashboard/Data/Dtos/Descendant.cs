namespace CellActors.Dashboard.Data;

/// <summary>A descendant of a track, at <see cref="Depth"/> generations below it.</summary>
public sealed record Descendant(TrackInfo Track, int Depth);
