namespace CellActors.Imaging;

/// <summary>
/// Per-frame counts: objects present, their total pixel area, the frame's pixel count (H × W) and
/// CellRatio = CellArea / TotalArea (0 for an empty or zero-sized frame).
/// </summary>
public sealed record FrameMeasurement(int CellCount, long CellArea, long TotalArea, double CellRatio);

/// <summary>Computes <see cref="FrameMeasurement"/> from a label image in one pass.</summary>
public static class FrameMeasurer
{
    /// <summary>Counts distinct labels present and labelled pixels.</summary>
    public static FrameMeasurement Measure(LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var lab = labels.Labels;
        long area = 0;
        int max = labels.Count;
        foreach (var l in lab) if (l > max) max = l;
        var seen = new bool[max + 1];
        foreach (var l in lab)
        {
            if (l <= 0) continue;
            area++;
            seen[l] = true;
        }
        int count = 0;
        for (int i = 1; i <= max; i++) if (seen[i]) count++;
        long total = (long)labels.Height * labels.Width;
        return new FrameMeasurement(count, area, total, total > 0 ? area / (double)total : 0);
    }
}
