using CellActors.Messages;

namespace CellActors.Results;

/// <summary>What <c>cellactors status</c> prints.</summary>
public sealed record JobStatusReport(
    string Job, string Source, JobPhase Status, long FrameCount, long FramesDone, long FramesWithCells,
    long Objects, long Errors, double FramesPerSecond, TimeSpan? TimeLeft, int Runs, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
