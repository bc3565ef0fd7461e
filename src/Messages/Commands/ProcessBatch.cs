namespace CellActors.Messages;

/// <summary>The coordinator leases a batch of frames to a detector.</summary>
public sealed record ProcessBatch(string JobId, int RunId, long BatchId, PipelineSettings Settings, IReadOnlyList<FrameRef> Frames) : ICommand;
