namespace CellActors.Messages;

/// <summary>Snapshot of the coordinator's state (persisted every N events).</summary>
[Manifest("job-snapshot.v1")]
public sealed record JobSnapshot(
    string JobId, string Source, PipelineSettings Settings, string Fingerprint, long FrameCount, int BatchSize,
    byte[] CompletedBatches, long FramesDone, int LastRunId, bool Completed) : IPersisted;
