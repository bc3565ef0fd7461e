namespace CellActors.Imaging.Evaluation;

/// <summary>Division detection against the reference lineage.</summary>
/// <param name="Reference">Divisions in the reference (a track with two or more daughters beginning right after it ends).</param>
/// <param name="Detected">Divisions in the result, counted the same way.</param>
/// <param name="Matched">Result divisions that match a reference division exactly (see <see cref="CtcDivisions"/>).</param>
public sealed record DivisionScore(int Reference, int Detected, int Matched)
{
    /// <summary>Matched / detected (1 when nothing was detected).</summary>
    public double Precision => Detected == 0 ? 1 : (double)Matched / Detected;

    /// <summary>Matched / reference (1 when the reference has none).</summary>
    public double Recall => Reference == 0 ? 1 : (double)Matched / Reference;

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
