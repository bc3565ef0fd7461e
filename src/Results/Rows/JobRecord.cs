using CellActors.Messages;

namespace CellActors.Results;

/// <summary>A job as stored in <c>jobs</c>.</summary>
public sealed record JobRecord(string Job, string Source, string Fingerprint, long FrameCount, int BatchSize, JobPhase Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
