namespace CellActors.Messages;

/// <summary>Answer to <see cref="GetJobProgress"/>. <paramref name="Detectors"/>: the provider of each detector that asked for work (<c>cpu</c>, <c>cuda:0</c>...);
/// <paramref name="Segmenter"/>: the job's segmentation setting.</summary>
public sealed record JobProgress(string JobId, long FrameCount, long FramesDone, int BatchesInFlight, long BatchesDone, long BatchCount, bool Completed,
    IReadOnlyList<string>? Detectors = null, string? Segmenter = null) : IReply;
