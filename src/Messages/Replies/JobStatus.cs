namespace CellActors.Messages;

/// <summary>A job as the job manager sees it. <paramref name="State"/>: queued, running, paused, completed or cancelled (<see cref="JobPhase"/>).
/// <paramref name="Detectors"/>: the provider of each detector registered with the manager (<c>cpu</c>, <c>cuda:N</c>), for every job;
/// <paramref name="Segmenter"/>: the job's segmentation setting.</summary>
public sealed record JobStatus(
    string JobId, JobPhase State, string Source, long FrameCount, long FramesDone, long FramesWithCells, long Objects, long Errors,
    double FramesPerSecond, int Runs, IReadOnlyList<string>? Detectors = null, string? Segmenter = null) : IReply;
