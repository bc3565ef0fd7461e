namespace CellActors.Messages;

/// <summary>Tracker settings as they travel between nodes (see the tracker's options for their meaning).</summary>
/// <param name="MaxDistance">Largest link distance in pixels; 0 = automatic.</param>
/// <param name="MaxGap">Frames a cell may be missed and still be linked.</param>
/// <param name="MinDivisionAge">Frames a cell must live before it may divide.</param>
public sealed record TrackingSettings(double MaxDistance, int MaxGap, int MinDivisionAge);

/// <summary>Tracks (or resumes tracking) every sequence of a completed job, an actor per sequence, committing every <paramref name="ChunkFrames"/> frames.</summary>
public sealed record TrackJob(string JobId, TrackingSettings Settings, int Parallelism, int ChunkFrames = 50) : ICommand;

/// <summary>Tracking was refused (job not complete, settings changed since an earlier run).</summary>
public sealed record TrackingRejected(string JobId, string Reason) : IEvent;

/// <summary>A sequence tracker committed another chunk of frames.</summary>
public sealed record SequenceProgressed(string JobId, string Dataset, string Sequence, int FramesTracked, int FramesTotal, int Tracks, int Divisions) : IEvent;

/// <summary>A sequence tracker finished: <paramref name="Status"/> is done, skipped (with the reason) or failed (with the error).</summary>
public sealed record SequenceTracked(string JobId, string Dataset, string Sequence, int FramesTracked, int Tracks, int Divisions, string Status, string? Message) : IEvent;

/// <summary>Asks the tracking supervisor for its progress.</summary>
public sealed record GetTrackingProgress(string JobId) : IQuery;

/// <summary>Answer to <see cref="GetTrackingProgress"/>.</summary>
public sealed record TrackingProgress(
    string JobId, int Sequences, int SequencesDone, long FramesTracked, long FramesTotal, long Tracks, long Divisions,
    IReadOnlyList<string> Problems, bool Completed) : IQuery;
