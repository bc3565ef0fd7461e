namespace CellActors.Imaging.Tracking;

/// <summary>Builds <see cref="TrackedObject"/>s straight from a label image (tests, ground truth, benchmarks).</summary>
public static class TrackedObjects
{
    /// <summary>The objects of <paramref name="image"/>, ordered by label; absent labels are skipped.</summary>
    public static List<TrackedObject> FromLabels(LabelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int h = image.Height, w = image.Width;
        var labels = image.Labels;
        var acc = new Dictionary<int, (long Area, double SumX, double SumY, int MinX, int MinY, int MaxX, int MaxY, List<int> Runs)>();
        for (int x = 0; x < w; x++)
        {
            int y = 0;
            while (y < h)
            {
                int l = labels[y * w + x];
                int y0 = y;
                while (y < h && labels[y * w + x] == l) y++;
                if (l == 0) continue;
                int len = y - y0;
                if (!acc.TryGetValue(l, out var a)) a = (0, 0, 0, int.MaxValue, int.MaxValue, int.MinValue, int.MinValue, new List<int>());
                a.Runs.Add(x * h + y0);
                a.Runs.Add(len);
                a = (a.Area + len, a.SumX + (double)x * len, a.SumY + (y0 + y - 1) * len / 2.0,
                    Math.Min(a.MinX, x), Math.Min(a.MinY, y0), Math.Max(a.MaxX, x), Math.Max(a.MaxY, y - 1), a.Runs);
                acc[l] = a;
            }
        }
        return acc.OrderBy(kv => kv.Key).Select(kv =>
        {
            var a = kv.Value;
            return new TrackedObject(kv.Key, a.Area, a.SumX / a.Area, a.SumY / a.Area, a.MinX, a.MinY, a.MaxX - a.MinX + 1, a.MaxY - a.MinY + 1, a.Runs.ToArray());
        }).ToList();
    }
}
