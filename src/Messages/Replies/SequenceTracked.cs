namespace CellActors.Messages;

/// <summary>A sequence tracker finished: <paramref name="Status"/> is <see cref="TrackingStatus.Done"/>, <see cref="TrackingStatus.Skipped"/> (with the reason) or <see cref="TrackingStatus.Failed"/> (with the error).</summary>
public sealed record SequenceTracked(string JobId, string Dataset, string Sequence, int FramesTracked, int Tracks, int Divisions, TrackingStatus Status, string? Message) : IReply;
