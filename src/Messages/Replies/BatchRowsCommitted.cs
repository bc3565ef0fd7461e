namespace CellActors.Messages;

/// <summary>
/// A decoder committed a batch's rows (idempotently): its answer to a <see cref="DecodeBatch"/>, sent to the batch's
/// coordinator, which then persists <see cref="BatchCompleted"/>. Manifest <c>BatchCommitted</c>, its name before.
/// </summary>
[Manifest("BatchCommitted")]
public sealed record BatchRowsCommitted(string JobId, long BatchId, int Frames, int Objects, int Errors) : IReply;
