namespace CellActors.Imaging;

/// <summary>
/// Size and border filters of a label buffer, with relabelling of the survivors (like scikit-image's
/// <c>morphology.remove_small_objects</c>, an upper size bound, and <c>segmentation.clear_border</c>, then
/// <c>segmentation.relabel_sequential</c>).
/// </summary>
public static class LabelFilter
{
    /// <summary>
    /// Drops the labels with fewer than <paramref name="minArea"/> pixels, more than <paramref name="maxArea"/>
    /// (0: no bound), none, or (with <paramref name="excludeBorder"/>) any pixel on the image border, and relabels the
    /// survivors 1 … Count in the order of their old labels; <paramref name="labels"/> (row-major,
    /// <paramref name="h"/> × <paramref name="w"/>, labels below <paramref name="labelCount"/>) is rewritten in place and
    /// becomes the result's buffer. <paramref name="area"/> holds each label's pixel count (index = label).
    /// </summary>
    public static LabelImage Apply(int[] labels, int h, int w, int labelCount, ReadOnlySpan<long> area, long minArea, long maxArea = 0, bool excludeBorder = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int nLabels = labelCount;
        var drop = new bool[nLabels];
        if (excludeBorder)
        {
            for (int x = 0; x < w; x++) { drop[labels[x]] = true; drop[labels[(h - 1) * w + x]] = true; }
            for (int y = 0; y < h; y++) { drop[labels[y * w]] = true; drop[labels[y * w + w - 1]] = true; }
        }
        var map = new int[nLabels];
        int count = 0;
        for (int l = 1; l < nLabels; l++)
        {
            long a = area[l];
            if (a == 0 || drop[l] || a < minArea || (maxArea > 0 && a > maxArea)) continue;
            map[l] = ++count;
        }
        bool identity = count == nLabels - 1;
        if (!identity)
        {
            var span = labels.AsSpan();
            int pos = 0;
            while (pos < span.Length)
            {
                int k = span[pos..].IndexOfAnyExcept(0);
                if (k < 0) break;
                int i = pos + k;
                // Runs of one label are common: look the label up once per run.
                int l = span[i], nl = map[l];
                for (; i < span.Length && span[i] == l; i++) span[i] = nl;
                pos = i;
            }
        }
        return new LabelImage(h, w, labels, count);
    }

    /// <summary>
    /// <see cref="Apply(int[], int, int, int, ReadOnlySpan{long}, long, long, bool)"/> on a copy of <paramref name="image"/>'s
    /// labels (areas counted here): the filtered, relabelled image.
    /// </summary>
    public static LabelImage Apply(LabelImage image, long minArea, long maxArea = 0, bool excludeBorder = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        var labels = (int[])image.Labels.Clone();
        int n = Math.Max(image.Count, labels.Length == 0 ? 0 : labels.Max()) + 1;
        var stats = ComponentStats.Of(labels, image.Height, image.Width, n);
        return Apply(labels, image.Height, image.Width, n, stats.Area, minArea, maxArea, excludeBorder);
    }
}
