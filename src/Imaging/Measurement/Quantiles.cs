namespace CellActors.Imaging;

/// <summary>
/// Percentiles with linear interpolation between order statistics, as numpy's default (<c>np.percentile</c>):
/// position <c>p / 100 × (n − 1)</c>. Computed by selection (quickselect), not a full sort.
/// </summary>
public static class Quantiles
{
    /// <summary>The <paramref name="p"/> percentile (0..100) of <paramref name="values"/>, which are left unchanged.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Percentile(ReadOnlySpan<float> values, double p)
    {
        if (values.IsEmpty) throw new ArgumentException("no values", nameof(values));
        return InPlace(values.ToArray(), p);
    }

    /// <summary>Two percentiles of <paramref name="values"/> (one copy), which are left unchanged.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static (double Low, double High) Percentiles(ReadOnlySpan<float> values, double low, double high)
    {
        if (values.IsEmpty) throw new ArgumentException("no values", nameof(values));
        var copy = values.ToArray();
        return (InPlace(copy, low), InPlace(copy, high));
    }

    /// <summary>The <paramref name="p"/> percentile of <paramref name="a"/>, reordering it (a partition, not a sort).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double InPlace(float[] a, double p)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length == 0) throw new ArgumentException("no values", nameof(a));
        var pos = Math.Clamp(p, 0, 100) / 100.0 * (a.Length - 1);
        var k = (int)Math.Floor(pos);
        var lo = Select(a, k);
        if (k + 1 >= a.Length || pos == k) return lo;
        // the next order statistic: the smallest value right of k after the partition
        var next = float.PositiveInfinity;
        for (var i = k + 1; i < a.Length; i++) if (a[i] < next) next = a[i];
        return lo + (pos - k) * ((double)next - lo);
    }

    /// <summary>Quickselect: puts the k-th smallest value at a[k], smaller ones left of it, larger or equal right.</summary>
    private static float Select(float[] a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (right > left)
        {
            var mid = left + (right - left) / 2;
            // median of three as the pivot
            if (a[mid] < a[left]) (a[mid], a[left]) = (a[left], a[mid]);
            if (a[right] < a[left]) (a[right], a[left]) = (a[left], a[right]);
            if (a[right] < a[mid]) (a[right], a[mid]) = (a[mid], a[right]);
            var pivot = a[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }
        return a[k];
    }
}
