namespace CellActors.Imaging;

/// <summary>
/// Euler numbers and touching neighbours of every label, from one pass of a 2×2 window over the label image padded
/// with background (labels ≤ 0 are background). Both follow 8-connectivity:
/// <list type="bullet">
/// <item><b>Euler number</b> of a label: the number of its 8-connected components minus the number of its holes
/// (4-connected regions of other pixels, background or other labels, that it encloses), as skimage's
/// <c>regionprops(...).euler_number</c> for 2D images and CellProfiler's EulerNumber. Counted with Gray's bit-quads:
/// (n₁ − n₃ − 2·n_D) / 4, where n₁, n₃ are the windows holding exactly 1 and 3 pixels of the label and n_D those
/// holding exactly 2 diagonal ones.</item>
/// <item><b>Neighbours</b> of a label: the number of other labels with a pixel 8-adjacent to one of its pixels (sharing
/// an edge or a corner: "touching", no gap at all). Two pixels are 8-adjacent exactly when some 2×2 window holds both.</item>
/// </list>
/// </summary>
public static class LabelTopology
{
    /// <summary>Euler number per label (index = label; 0 for labels not present), 8-connectivity.</summary>
    public static int[] EulerNumbers(LabelImage labels) => Measure(labels).Euler;

    /// <summary>Number of other labels touching each label (index = label), 8-connectivity.</summary>
    public static int[] TouchingNeighbours(LabelImage labels) => Measure(labels).Neighbours;

    /// <summary>Both, from one pass (arrays indexed by label, of length max label + 1).</summary>
    public static (int[] Euler, int[] Neighbours) Measure(LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int h = labels.Height, w = labels.Width;
        var lab = labels.Labels;
        int max = labels.Count;
        foreach (var v in lab) if (v > max) max = v;
        var q1 = new long[max + 1];
        var q3 = new long[max + 1];
        var qd = new long[max + 1];
        var pairs = new HashSet<long>();
        for (int wy = -1; wy < h; wy++)
        {
            int top = wy >= 0 ? wy * w : -1, bottom = wy + 1 < h ? (wy + 1) * w : -1;
            for (int wx = -1; wx < w; wx++)
            {
                int a = top >= 0 && wx >= 0 ? lab[top + wx] : 0;          // top-left
                int b = top >= 0 && wx + 1 < w ? lab[top + wx + 1] : 0;   // top-right
                int c = bottom >= 0 && wx >= 0 ? lab[bottom + wx] : 0;    // bottom-left
                int d = bottom >= 0 && wx + 1 < w ? lab[bottom + wx + 1] : 0; // bottom-right
                if (a == b && a == c && a == d) continue; // 0 or 4 pixels of one label: no contribution
                if (a < 0) a = 0;
                if (b < 0) b = 0;
                if (c < 0) c = 0;
                if (d < 0) d = 0;
                if (a > 0) Quad(a, true, b == a, c == a, d == a);
                if (b > 0 && b != a) Quad(b, false, true, c == b, d == b);
                if (c > 0 && c != a && c != b) Quad(c, false, false, true, d == c);
                if (d > 0 && d != a && d != b && d != c) q1[d]++;
                Pair(a, b); Pair(a, c); Pair(a, d); Pair(b, c); Pair(b, d); Pair(c, d);
            }
        }
        var euler = new int[max + 1];
        for (int l = 1; l <= max; l++) euler[l] = (int)((q1[l] - q3[l] - 2 * qd[l]) / 4);
        var neighbours = new int[max + 1];
        foreach (var p in pairs)
        {
            neighbours[(int)(p >> 32)]++;
            neighbours[(int)(p & 0xFFFFFFFF)]++;
        }
        return (euler, neighbours);

        void Quad(int l, bool tl, bool tr, bool bl, bool br)
        {
            int n = (tl ? 1 : 0) + (tr ? 1 : 0) + (bl ? 1 : 0) + (br ? 1 : 0);
            if (n == 1) q1[l]++;
            else if (n == 3) q3[l]++;
            else if (n == 2 && tl == br) qd[l]++; // the two pixels are diagonal: (tl, br) or (tr, bl)
        }

        void Pair(int x, int y)
        {
            if (x <= 0 || y <= 0 || x == y) return;
            if (x > y) (x, y) = (y, x);
            pairs.Add(((long)x << 32) | (uint)y);
        }
    }
}
