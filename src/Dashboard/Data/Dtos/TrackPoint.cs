namespace CellActors.Dashboard.Data;

/// <summary>An object of a track at one time point.</summary>
public sealed record TrackPoint(int T, int Z, string ImageId, int Label, long Area, double CentroidX, double CentroidY);
