namespace CellActors.Messages;

/// <summary>A detector hands a segmented batch to a decoder, which measures and writes it.</summary>
public sealed record DecodeBatch(string JobId, int RunId, long BatchId, IReadOnlyList<SegmentedFrame> Frames, IReadOnlyList<FrameFailure> Failures) : ICommand;
