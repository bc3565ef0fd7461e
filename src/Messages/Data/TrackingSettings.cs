namespace CellActors.Messages;

/// <summary>Tracker settings as they travel between nodes (see the tracker's options for their meaning).</summary>
/// <param name="MaxDistance">Largest link distance in pixels; 0 = automatic.</param>
/// <param name="MaxGap">Frames a cell may be missed and still be linked.</param>
/// <param name="MinDivisionAge">Frames a cell must live before it may divide.</param>
public sealed record TrackingSettings(double MaxDistance, int MaxGap, int MinDivisionAge);
