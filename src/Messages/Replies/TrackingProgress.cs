namespace CellActors.Messages;

/// <summary>Answer to <see cref="GetTrackingProgress"/>.</summary>
public sealed record TrackingProgress(
    string JobId, int Sequences, int SequencesDone, long FramesTracked, long FramesTotal, long Tracks, long Divisions,
    IReadOnlyList<string> Problems, bool Completed) : IReply;
