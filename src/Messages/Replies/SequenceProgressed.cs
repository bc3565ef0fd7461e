namespace CellActors.Messages;

/// <summary>A sequence tracker committed another chunk of frames.</summary>
public sealed record SequenceProgressed(string JobId, string Dataset, string Sequence, int FramesTracked, int FramesTotal, int Tracks, int Divisions) : IReply;
