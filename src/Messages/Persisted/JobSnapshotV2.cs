namespace CellActors.Messages;

/// <summary>
/// Snapshot of the coordinator's state (persisted every N events) with what <see cref="JobSnapshot"/> (v1, still read)
/// lacks: the attempts of every batch or part leased and not yet completed (<paramref name="AttemptIds"/> with
/// <paramref name="AttemptCounts"/>, the same length) and the open parts of bisected batches (<paramref name="OpenParts"/>).
/// </summary>
[Manifest("job-snapshot.v2")]
public sealed record JobSnapshotV2(
    string JobId, string Source, PipelineSettings Settings, string Fingerprint, long FrameCount, int BatchSize,
    byte[] CompletedBatches, long FramesDone, int LastRunId, bool Completed,
    long[] AttemptIds, int[] AttemptCounts, long[] OpenParts) : IPersisted;
