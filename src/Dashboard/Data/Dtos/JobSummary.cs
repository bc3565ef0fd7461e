namespace CellActors.Dashboard.Data;

/// <summary>Progress of one job, as on the jobs page.</summary>
public sealed record JobSummary(
    string Job, string Source, string Status, long FrameCount, long FramesDone, long FramesWithCells, long Objects, long Errors,
    double FramesPerSecond, double RecentFramesPerSecond, double? EtaSeconds, int Runs, string CreatedAt, string? CompletedAt,
    string? LastCommitAt, bool Live);
