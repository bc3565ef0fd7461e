namespace CellActors.Inference;

/// <summary>Input normalisation of a model.</summary>
/// <param name="Kind">What is computed.</param>
/// <param name="Low">Low percentile (0..100) for <see cref="NormalisationKind.Percentile"/>.</param>
/// <param name="High">High percentile (0..100) for <see cref="NormalisationKind.Percentile"/>.</param>
/// <param name="Epsilon">Added to the denominator so flat frames do not divide by zero.</param>
public sealed record Normalisation(NormalisationKind Kind, double Low = 1.0, double High = 99.8, double Epsilon = 1e-6);
