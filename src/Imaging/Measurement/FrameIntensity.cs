namespace CellActors.Imaging;

/// <summary>Whole-frame intensity summary; <see cref="Std"/> is the population standard deviation.</summary>
public sealed record FrameIntensity(double Mean, double Min, double Max, double Std);
