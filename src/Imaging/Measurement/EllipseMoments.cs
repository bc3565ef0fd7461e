namespace CellActors.Imaging;

/// <summary>
/// The ellipse with the same second central moments as an object, as scikit-image's <c>regionprops</c> defines it
/// (<c>axis_major_length</c>, <c>axis_minor_length</c>, <c>orientation</c>). Inputs are the population variances and
/// covariance of the pixel coordinates (x = column, y = row): <c>vxx = μ₀₂/μ₀₀</c>, <c>vyy = μ₂₀/μ₀₀</c>,
/// <c>vxy = μ₁₁/μ₀₀</c>; the inertia tensor of skimage is [[vxx, −vxy], [−vxy, vyy]] in (row, column) index order.
/// </summary>
public static class EllipseMoments
{
    /// <summary>
    /// The eigenvalues λ1 ≥ λ2 ≥ 0 of the inertia tensor (equivalently of the covariance matrix of the pixel coordinates).
    /// </summary>
    public static (double Major, double Minor) Eigenvalues(double vxx, double vyy, double vxy)
    {
        double half = (vxx + vyy) / 2, root = Math.Sqrt((vxx - vyy) * (vxx - vyy) / 4 + vxy * vxy);
        return (Math.Max(0, half + root), Math.Max(0, half - root));
    }

    /// <summary>
    /// Major and minor axis lengths: 4·sqrt(λ1) and 4·sqrt(λ2), the full axes of the ellipse with the same normalised
    /// second central moments (skimage <c>axis_major_length</c>, <c>axis_minor_length</c>). A filled disc of radius r
    /// gives about 2r for both; a w-pixel line gives sqrt((w² − 1)·4/3) and 0.
    /// </summary>
    public static (double Major, double Minor) AxisLengths(double vxx, double vyy, double vxy)
    {
        var (l1, l2) = Eigenvalues(vxx, vyy, vxy);
        return (4 * Math.Sqrt(l1), 4 * Math.Sqrt(l2));
    }

    /// <summary>
    /// Orientation in radians, in [−π/2, π/2]: the angle between the row axis (axis 0, pointing down the image) and the
    /// major axis, counter-clockwise as skimage measures it (skimage ≥ 0.20): <c>0.5·atan2(2·vxy, vyy − vxx)</c>. When
    /// the two variances are exactly equal the major axis is undetermined by this formula and, as skimage does,
    /// π/4 is returned when vxy &gt; 0 and −π/4 otherwise (a disc or square gives −π/4). An object elongated down the
    /// rows gives 0; one elongated along the columns gives π/2 (or −π/2: the same axis). Scikit-image 0.19 (Debian 12)
    /// had the two equal-variance cases the other way round.
    /// </summary>
    /// <param name="vxx">Column variance.</param>
    /// <param name="vyy">Row variance.</param>
    /// <param name="vxy">Row-column covariance.</param>
    /// <param name="equalVariances">Whether the two variances are exactly equal (pass the result of an exact
    /// comparison when the variances come from integer sums; null compares <paramref name="vxx"/> and <paramref name="vyy"/>).</param>
    public static double Orientation(double vxx, double vyy, double vxy, bool? equalVariances = null)
    {
        if (equalVariances ?? vxx == vyy) return vxy > 0 ? Math.PI / 4 : -Math.PI / 4;
        return 0.5 * Math.Atan2(2 * vxy, vyy - vxx);
    }
}
