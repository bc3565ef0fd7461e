namespace CellActors.Messages;

/// <summary>The coordinator accepted a <see cref="StartJob"/>.</summary>
public sealed record JobAccepted(string JobId, long FrameCount, long FramesDone, bool Resumed) : IReply;
