namespace CellActors.Imaging;

/// <summary>
/// Raw-intensity summary of one labelled object. <see cref="Min"/>, <see cref="Max"/> and <see cref="Sum"/>
/// are 0 when <see cref="Count"/> is 0 (the label is absent).
/// </summary>
public sealed record LabelIntensity(int Label, long Count, double Sum, double Min, double Max)
{
    /// <summary>Mean intensity (Sum / Count), 0 for an absent label.</summary>
    public double Mean => Count > 0 ? Sum / Count : 0;
}
