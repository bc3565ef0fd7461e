namespace CellActors.Reading;

/// <summary>One result of discovery: either a frame (one 2D plane) or an issue with an input that cannot become frames.</summary>
public sealed record DiscoveredInput(FrameLocation? Frame, DiscoveryIssue? Issue);
