using CellActors.Imaging;

namespace CellActors.TestSupport;

/// <summary>Tiny label images written as rows of digits/letters ('.' or '0' = background, '1'..'9', 'a'..'z' = 10..35).</summary>
public static class Grid
{
    public static LabelImage L(params string[] rows)
    {
        int h = rows.Length, w = rows[0].Length;
        var labels = new int[h * w];
        int max = 0;
        for (int y = 0; y < h; y++)
        {
            if (rows[y].Length != w) throw new ArgumentException("ragged grid");
            for (int x = 0; x < w; x++)
            {
                char c = rows[y][x];
                int l = c is '.' or '0' ? 0 : char.IsDigit(c) ? c - '0' : c - 'a' + 10;
                labels[y * w + x] = l;
                max = Math.Max(max, l);
            }
        }
        return new LabelImage(h, w, labels, max);
    }

    /// <summary>Applies a label permutation (a -> map[a]; unmapped labels unchanged).</summary>
    public static LabelImage Relabel(LabelImage img, Dictionary<int, int> map) =>
        new(img.Height, img.Width, img.Labels.Select(l => map.GetValueOrDefault(l, l)).ToArray(), Math.Max(img.Count, map.Values.DefaultIfEmpty(0).Max()));
}
