namespace CellActors.Results.Tracking;

/// <summary>What one <see cref="SequenceTrackingJob.Step"/> did.</summary>
/// <param name="Frames">Frames tracked by this step.</param>
/// <param name="FramesTracked">Frames tracked so far in the sequence.</param>
/// <param name="FramesTotal">Frames the sequence has.</param>
/// <param name="Tracks">Tracks so far.</param>
/// <param name="Divisions">Divisions so far.</param>
/// <param name="Finished">Whether the sequence is done (or was skipped).</param>
public sealed record TrackingStep(int Frames, int FramesTracked, int FramesTotal, int Tracks, int Divisions, bool Finished);
