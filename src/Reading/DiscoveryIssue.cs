namespace CellActors.Reading;

/// <summary>An input found during discovery that cannot become frames (e.g. an unreadable TIFF header).</summary>
public sealed record DiscoveryIssue(string Uri, int Page, string ErrorType, string Message);
