namespace CellActors.Messages;

/// <summary>Tracks (or resumes tracking) every sequence of a completed job, an actor per sequence, committing every <paramref name="ChunkFrames"/> frames.</summary>
public sealed record TrackJob(string JobId, TrackingSettings Settings, int Parallelism, int ChunkFrames = 50) : ICommand;
