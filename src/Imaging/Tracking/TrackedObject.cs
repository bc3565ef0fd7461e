using System.Globalization;

namespace CellActors.Imaging.Tracking;

/// <summary>
/// One segmented object as the tracker sees it: its label in the frame, size, centroid, bounding box and pixels
/// as sorted runs of the column-major pixel index (what the stored RLE holds).
/// </summary>
public sealed class TrackedObject
{
    /// <summary>Creates an object from its measurements and its runs (0-based start, length, sorted, disjoint).</summary>
    public TrackedObject(int label, long area, double x, double y, int bboxX, int bboxY, int bboxWidth, int bboxHeight, int[] runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Length % 2 != 0) throw new ArgumentException("runs come in (start, length) pairs", nameof(runs));
        Label = label;
        Area = area;
        X = x;
        Y = y;
        BboxX = bboxX;
        BboxY = bboxY;
        BboxWidth = bboxWidth;
        BboxHeight = bboxHeight;
        Runs = runs;
    }

    /// <summary>Label of the object in its frame (<c>objects.label</c>).</summary>
    public int Label { get; }

    /// <summary>Pixels.</summary>
    public long Area { get; }

    /// <summary>Centroid column.</summary>
    public double X { get; }

    /// <summary>Centroid row.</summary>
    public double Y { get; }

    /// <summary>Bounding box left column.</summary>
    public int BboxX { get; }

    /// <summary>Bounding box top row.</summary>
    public int BboxY { get; }

    /// <summary>Bounding box width.</summary>
    public int BboxWidth { get; }

    /// <summary>Bounding box height.</summary>
    public int BboxHeight { get; }

    /// <summary>(start, length) pairs of the column-major pixel index, 0-based, sorted and disjoint.</summary>
    public int[] Runs { get; }

    /// <summary>Diameter of the disc of the same area.</summary>
    public double EquivalentDiameter => Math.Sqrt(4.0 * Area / Math.PI);

    /// <summary>Builds an object from a stored row: its DSB RLE (1-based column-major <c>start length</c> pairs) is parsed into runs.</summary>
    /// <exception cref="FormatException">the RLE is not pairs of positive integers (the message names <paramref name="context"/>).</exception>
    public static TrackedObject FromRle(int label, long area, double x, double y, int bboxX, int bboxY, int bboxWidth, int bboxHeight, string rle, string? context = null)
        => new(label, area, x, y, bboxX, bboxY, bboxWidth, bboxHeight, ParseRuns(rle, context));

    /// <summary>Parses a DSB RLE into sorted 0-based runs.</summary>
    /// <exception cref="FormatException">not pairs of positive integers.</exception>
    public static int[] ParseRuns(string rle, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(rle);
        var list = new List<int>();
        var span = rle.AsSpan();
        int i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && span[i] == ' ') i++;
            if (i == span.Length) break;
            int j = i;
            while (j < span.Length && span[j] != ' ') j++;
            if (!int.TryParse(span[i..j], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
                throw new FormatException($"{context ?? "RLE"}: '{span[i..j].ToString()}' is not a positive integer");
            list.Add(list.Count % 2 == 0 ? value - 1 : value);
            i = j;
        }
        if (list.Count % 2 != 0) throw new FormatException($"{context ?? "RLE"}: odd number of values");
        var runs = list.ToArray();
        bool sorted = true;
        for (int k = 2; k < runs.Length; k += 2) if (runs[k] < runs[k - 2]) { sorted = false; break; }
        if (!sorted)
        {
            var pairs = new (int S, int L)[runs.Length / 2];
            for (int k = 0; k < pairs.Length; k++) pairs[k] = (runs[2 * k], runs[2 * k + 1]);
            Array.Sort(pairs, (a, b) => a.S.CompareTo(b.S));
            for (int k = 0; k < pairs.Length; k++) (runs[2 * k], runs[2 * k + 1]) = pairs[k];
        }
        return runs;
    }

    /// <summary>The runs as a DSB RLE (1-based column-major <c>start length</c> pairs): the inverse of <see cref="FromRle"/>.</summary>
    public string ToRle()
    {
        var sb = new System.Text.StringBuilder(Runs.Length * 5);
        for (int i = 0; i < Runs.Length; i += 2)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(CultureInfo.InvariantCulture, $"{Runs[i] + 1} {Runs[i + 1]}");
        }
        return sb.ToString();
    }

    /// <summary>Pixels shared with <paramref name="other"/> (both in the same frame geometry).</summary>
    public long Intersection(TrackedObject other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (BboxX >= other.BboxX + other.BboxWidth || other.BboxX >= BboxX + BboxWidth ||
            BboxY >= other.BboxY + other.BboxHeight || other.BboxY >= BboxY + BboxHeight) return 0;
        var a = Runs;
        var b = other.Runs;
        long shared = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            long aEnd = (long)a[i] + a[i + 1], bEnd = (long)b[j] + b[j + 1];
            long lo = Math.Max(a[i], b[j]), hi = Math.Min(aEnd, bEnd);
            if (hi > lo) shared += hi - lo;
            if (aEnd <= bEnd) i += 2;
            else j += 2;
        }
        return shared;
    }
}
