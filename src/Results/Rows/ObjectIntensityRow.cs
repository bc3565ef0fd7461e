namespace CellActors.Results;

/// <summary>One row of <c>object_intensities</c>: an object's raw intensities in one channel (population standard deviation).</summary>
public sealed record ObjectIntensityRow(string ImageId, int Label, int Channel, string? ChannelName, double Mean, double Min, double Max, double Sum, double Std);
