namespace CellActors.Imaging.Tracking;

/// <summary>What one frame did to the tracks.</summary>
/// <param name="T">The frame.</param>
/// <param name="TrackIds">Track id of each object given, in the order given.</param>
/// <param name="Changed">Copies of the tracks created or changed by this frame (extended, divided, continued after a gap).</param>
/// <param name="Divisions">Mothers that divided into two daughters at this frame.</param>
public sealed record FrameTracking(int T, int[] TrackIds, IReadOnlyList<Track> Changed, int Divisions);
