namespace CellActors.Messages;

/// <summary>A frame that could not be processed: it becomes one <c>errors</c> row.</summary>
public sealed record FrameFailure(FrameRef Frame, string Stage, string ErrorType, string Message);
