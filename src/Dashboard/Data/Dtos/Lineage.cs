namespace CellActors.Dashboard.Data;

/// <summary>A track, its ancestors (root first), its descendants (breadth first, capped) and its objects over t.</summary>
public sealed record Lineage(TrackInfo Track, IReadOnlyList<TrackInfo> Ancestors, IReadOnlyList<Descendant> Descendants, bool Truncated,
    IReadOnlyList<TrackPoint> Points);
