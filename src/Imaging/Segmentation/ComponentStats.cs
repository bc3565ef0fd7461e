namespace CellActors.Imaging;

/// <summary>
/// Area and bounding box of every label of a row-major label buffer (index = label; label 0, the background, is not
/// counted), from one pass over the runs of each row. A label absent from the buffer has area 0 and an empty box
/// (<see cref="MinX"/> = <see cref="int.MaxValue"/>, <see cref="MaxX"/> = −1).
/// </summary>
public sealed class ComponentStats
{
    private ComponentStats(int n)
    {
        Area = new long[n];
        MinX = new int[n];
        MinY = new int[n];
        MaxX = new int[n];
        MaxY = new int[n];
        Array.Fill(MinX, int.MaxValue);
        Array.Fill(MinY, int.MaxValue);
        Array.Fill(MaxX, -1);
        Array.Fill(MaxY, -1);
    }

    /// <summary>Pixels per label (may be longer than the label count after <see cref="Grow"/>).</summary>
    public long[] Area { get; private set; }

    /// <summary>Leftmost column per label.</summary>
    public int[] MinX { get; }

    /// <summary>Top row per label.</summary>
    public int[] MinY { get; }

    /// <summary>Rightmost column per label.</summary>
    public int[] MaxX { get; }

    /// <summary>Bottom row per label.</summary>
    public int[] MaxY { get; }

    /// <summary>Makes room in <see cref="Area"/> for labels below <paramref name="n"/> (areas only; new labels have no box).</summary>
    public void Grow(int n)
    {
        if (Area.Length >= n) return;
        var area = Area;
        Array.Resize(ref area, Math.Max(n, Area.Length * 2));
        Area = area;
    }

    /// <summary>The statistics of labels 0 … <paramref name="n"/> − 1 of a <paramref name="h"/> × <paramref name="w"/> buffer.</summary>
    public static ComponentStats Of(int[] labels, int h, int w, int n)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var s = new ComponentStats(n);
        var area = s.Area; var minX = s.MinX; var minY = s.MinY; var maxX = s.MaxX; var maxY = s.MaxY;
        for (int y = 0; y < h; y++)
        {
            var row = labels.AsSpan(y * w, w);
            int x = 0;
            while (x < w)
            {
                int k = row[x..].IndexOfAnyExcept(0);
                if (k < 0) break;
                x += k;
                int l = row[x];
                int start = x;
                while (x < w && row[x] == l) x++;
                area[l] += x - start;
                if (start < minX[l]) minX[l] = start;
                if (x - 1 > maxX[l]) maxX[l] = x - 1;
                if (y < minY[l]) minY[l] = y;
                maxY[l] = y;
            }
        }
        return s;
    }
}
