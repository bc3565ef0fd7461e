namespace CellActors.Dashboard.Data;

/// <summary>A row of <c>tracks</c> (CTC <c>L B E P</c>: parent 0 or null means none).</summary>
public sealed record TrackInfo(long TrackId, string Sequence, int TStart, int TEnd, long? ParentTrackId, int Children);
