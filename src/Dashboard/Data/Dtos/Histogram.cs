namespace CellActors.Dashboard.Data;

/// <summary>Histogram of a measurement: <see cref="Bins"/> counts over [min, max] in equal widths.</summary>
public sealed record Histogram(string Measure, long Count, double Min, double Max, double BinWidth, IReadOnlyList<long> Bins);
