namespace CellActors.Imaging;

/// <summary>Shared last step of the model decoders: drop labels by size and renumber the rest 1..Count in raster order of their first pixel.</summary>
internal static class InstanceLabels
{
    /// <summary>Rewrites <paramref name="labels"/> (values 0..<paramref name="maxLabel"/>) in place: labels with fewer than
    /// <paramref name="minArea"/> pixels or more than <paramref name="maxArea"/> (0: no bound) become background, the others are
    /// renumbered in raster order of their first pixel.</summary>
    public static LabelImage Finish(int[] labels, int height, int width, int maxLabel, long minArea, long maxArea = 0)
    {
        var area = new long[maxLabel + 1];
        foreach (var l in labels) area[l]++;
        var map = new int[maxLabel + 1];
        Array.Fill(map, -1);
        map[0] = 0;
        var count = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (map[l] < 0) map[l] = area[l] < minArea || (maxArea > 0 && area[l] > maxArea) ? 0 : ++count;
            labels[i] = map[l];
        }
        return new LabelImage(height, width, labels, count);
    }
}
