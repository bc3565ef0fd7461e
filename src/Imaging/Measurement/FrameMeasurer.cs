namespace CellActors.Imaging;

/// <summary>Computes <see cref="FrameMeasurement"/> from a label image in one pass.</summary>
public static class FrameMeasurer
{
    /// <summary>Counts distinct labels present and labelled pixels.</summary>
    public static FrameMeasurement Measure(LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var lab = labels.Labels.AsSpan();
        long area = 0;
        int count = 0;
        var seen = new bool[labels.Count + 1];
        // Only the labelled pixels are visited: background is skipped a vector at a time, then whole runs of one label.
        int i = 0;
        while (i < lab.Length)
        {
            int k = lab[i..].IndexOfAnyExcept(0);
            if (k < 0) break;
            i += k;
            int l = lab[i];
            int run = lab[i..].IndexOfAnyExcept(l);
            int len = run < 0 ? lab.Length - i : run;
            i += len;
            if (l < 0) continue;
            area += len;
            if (l >= seen.Length) Array.Resize(ref seen, Math.Max(l + 1, seen.Length * 2));
            if (!seen[l]) { seen[l] = true; count++; }
        }
        long total = (long)labels.Height * labels.Width;
        return new FrameMeasurement(count, area, total, total > 0 ? area / (double)total : 0);
    }
}
