namespace CellActors.Imaging;

/// <summary>
/// Raw-intensity summary of one labelled object. <see cref="Min"/>, <see cref="Max"/>, <see cref="Sum"/> and
/// <see cref="SumOfSquares"/> are 0 when <see cref="Count"/> is 0 (the label is absent).
/// </summary>
public sealed record LabelIntensity(int Label, long Count, double Sum, double Min, double Max, double SumOfSquares = 0)
{
    /// <summary>Mean intensity (Sum / Count), 0 for an absent label.</summary>
    public double Mean => Count > 0 ? Sum / Count : 0;

    /// <summary>Population standard deviation, <c>sqrt(max(SumOfSquares / Count − Mean², 0))</c>; 0 for an absent label.</summary>
    public double Std => StdOf(Count, Sum, SumOfSquares);

    /// <summary>The population standard deviation of <paramref name="count"/> values with that sum and sum of squares.</summary>
    public static double StdOf(long count, double sum, double sumOfSquares)
    {
        if (count <= 0) return 0;
        double mean = sum / count;
        return Math.Sqrt(Math.Max(sumOfSquares / count - mean * mean, 0));
    }
}
