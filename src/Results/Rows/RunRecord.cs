namespace CellActors.Results;

/// <summary>One processing run (process lifetime) of a job, for auditing resume: frames committed when it started and frames it processed.</summary>
public sealed record RunRecord(int RunId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long CommittedAtStart, long FramesProcessed, RunStatus Status);
