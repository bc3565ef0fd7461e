namespace CellActors.Dashboard.Data;

/// <summary>One process run of a job.</summary>
public sealed record RunInfo(int RunId, string StartedAt, string? EndedAt, long CommittedAtStart, long FramesProcessed, string Status, double FramesPerSecond);
