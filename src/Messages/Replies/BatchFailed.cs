namespace CellActors.Messages;

/// <summary>A batch could not be processed or written as a whole (not a bad frame: those are <see cref="FrameFailure"/>s).</summary>
public sealed record BatchFailed(string JobId, long BatchId, string Reason) : IReply;
