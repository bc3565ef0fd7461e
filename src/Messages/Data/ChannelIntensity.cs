namespace CellActors.Messages;

/// <summary>
/// One object's raw intensities in one channel, as a detector (which holds the pixels) measures them over the
/// object's <see cref="SegmentedObject.PixelCount"/> pixels: sum, sum of squares (for the standard deviation), min, max.
/// </summary>
public sealed record ChannelIntensity(int Channel, double Sum, double SumOfSquares, double Min, double Max);
