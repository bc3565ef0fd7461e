namespace CellActors.Results;

/// <summary>One row of <c>frame_intensities</c>: a frame's raw intensities in one channel (population standard deviation).</summary>
public sealed record FrameIntensityRow(string ImageId, int Channel, string? ChannelName, double Mean, double Min, double Max, double Std);
