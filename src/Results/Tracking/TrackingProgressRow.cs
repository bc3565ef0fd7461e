using CellActors.Messages;

namespace CellActors.Results.Tracking;

/// <summary>The <c>tracking</c> row of one sequence: settings, where it stopped, counts and status.</summary>
public sealed record TrackingProgressRow(
    string Dataset, string Sequence, int IdOffset, string Settings, double MaxDistance, int? LastT, int NextTrackId,
    int FramesTracked, int FramesTotal, int Tracks, int Divisions, TrackingStatus Status, string? Message);
