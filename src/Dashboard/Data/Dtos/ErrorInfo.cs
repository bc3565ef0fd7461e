namespace CellActors.Dashboard.Data;

/// <summary>An input that could not be processed.</summary>
public sealed record ErrorInfo(string Uri, int Page, string? ImageId, string Stage, string ErrorType, string Message, string At);
