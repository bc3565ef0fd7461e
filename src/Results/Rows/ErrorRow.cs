namespace CellActors.Results;

/// <summary>One row of <c>errors</c>: an input that could not be processed.</summary>
public sealed record ErrorRow(string Uri, int Page, string? ImageId, string Stage, string ErrorType, string Message);
