namespace CellActors.Messages;

/// <summary>
/// A reference to one 2D plane of the job, by its position in the job's manifest. Never pixels.
/// </summary>
public sealed record FrameRef(long Index, string Dataset, string Sequence, int T, int Z, string Uri, int Page, string ImageId);
