namespace CellActors.Dashboard.Data;

/// <summary>One object (cell) with its frame coordinates and its track, as shown when a cell is clicked.</summary>
public sealed record CellDetail(IReadOnlyDictionary<string, object?> Values, int RleLength, TrackInfo? Track);
