namespace CellActors.Dashboard.Data;

/// <summary>Cell count, mean cell area and cell ratio over t.</summary>
public sealed record TimeSeries(string Dataset, string Sequence, IReadOnlyList<TimePoint> Points);
