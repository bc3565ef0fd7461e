namespace CellActors.Results;

/// <summary>One ground-truth track (<c>gt_tracks</c>), the <c>L B E P</c> of <c>man_track.txt</c>; a parent of 0 is stored as NULL.</summary>
public sealed record GtTrackRow(int Label, int TStart, int TEnd, int? ParentLabel);
