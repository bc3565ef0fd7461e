namespace CellActors.Messages;

/// <summary>One channel of a segmented frame: its name (null when nothing names it) and whole-frame raw intensities (population standard deviation).</summary>
public sealed record ChannelSummary(int Channel, string? Name, double Mean, double Min, double Max, double Std);
