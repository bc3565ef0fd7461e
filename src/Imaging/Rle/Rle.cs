using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CellActors.Imaging;

/// <summary>
/// Run-length encoding in the Data Science Bowl 2018 convention: pixels numbered column-major (top to
/// bottom, then left to right) from 1, <c>start length</c> pairs separated by single spaces, "" for an
/// empty mask. Runs that continue from the bottom of one column into the top of the next are one run.
/// </summary>
public static class Rle
{
    /// <summary>One run found by the row-major scan (column, first row, length, label).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Run
    {
        public int Label;
        public int Col;
        public int Row;
        public int Length;
    }

    /// <summary>
    /// Encodes every object of <paramref name="image"/> in one pass over the pixels.
    /// Result index = label - 1; labels 1..Count absent from the image give "".
    /// </summary>
    /// <exception cref="ArgumentException">a pixel holds a label below 0 or above <see cref="LabelImage.Count"/>.</exception>
    public static string[] EncodeAll(LabelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int h = image.Height, w = image.Width, count = image.Count;
        var result = new string[count];
        Array.Fill(result, string.Empty);
        if (h == 0 || w == 0) return result;

        // Scan row-major (cache-friendly) and track, per column, where the current vertical run began.
        // A run changes only where a pixel differs from the pixel above it, so rows are compared with
        // SIMD and only differing lanes are looked at one by one.
        int[] runStartRow = ArrayPool<int>.Shared.Rent(w);
        int[] zeros = ArrayPool<int>.Shared.Rent(w);
        Array.Clear(zeros, 0, w);
        Run[] runs = ArrayPool<Run>.Shared.Rent(1024);
        int nRuns = 0;
        try
        {
            int[] labels = image.Labels;
            ref int lab0 = ref MemoryMarshal.GetArrayDataReference(labels);
            ref int prevRef = ref MemoryMarshal.GetArrayDataReference(zeros);
            ref int startRef = ref MemoryMarshal.GetArrayDataReference(runStartRow);
            int vc = Vector<int>.Count;
            bool simd = Vector.IsHardwareAccelerated;

            for (int y = 0; y < h; y++)
            {
                ref int curRef = ref Unsafe.Add(ref lab0, (nint)y * w);
                int x = 0;
                if (simd)
                {
                    for (; x <= w - vc; x += vc)
                    {
                        var a = Vector.LoadUnsafe(ref curRef, (nuint)x);
                        var b = Vector.LoadUnsafe(ref prevRef, (nuint)x);
                        if (a == b) continue;
                        for (int k = x; k < x + vc; k++)
                        {
                            int c = Unsafe.Add(ref curRef, k), p = Unsafe.Add(ref prevRef, k);
                            if (c != p) Change(ref runs, ref nRuns, ref startRef, k, y, p, c, count);
                        }
                    }
                }
                for (; x < w; x++)
                {
                    int c = Unsafe.Add(ref curRef, x), p = Unsafe.Add(ref prevRef, x);
                    if (c != p) Change(ref runs, ref nRuns, ref startRef, x, y, p, c, count);
                }
                prevRef = ref curRef;
            }
            // Close the runs that reach the bottom row.
            for (int x = 0; x < w; x++)
            {
                int p = Unsafe.Add(ref prevRef, x);
                if (p != 0) Emit(ref runs, ref nRuns, p, x, Unsafe.Add(ref startRef, x), h - Unsafe.Add(ref startRef, x));
            }

            if (nRuns > 0) Format(runs, nRuns, h, w, count, result);
            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(runStartRow);
            ArrayPool<int>.Shared.Return(zeros);
            ArrayPool<Run>.Shared.Return(runs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Change(ref Run[] runs, ref int nRuns, ref int startRef, int x, int y, int prev, int cur, int count)
    {
        ref int s = ref Unsafe.Add(ref startRef, x);
        if (prev != 0) Emit(ref runs, ref nRuns, prev, x, s, y - s);
        if (cur != 0)
        {
            if ((uint)(cur - 1) >= (uint)count) ThrowBadLabel(cur, count, x, y);
            s = y;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(ref Run[] runs, ref int nRuns, int label, int col, int row, int length)
    {
        if (nRuns == runs.Length) Grow(ref runs);
        ref Run r = ref runs[nRuns++];
        r.Label = label;
        r.Col = col;
        r.Row = row;
        r.Length = length;
    }

    private static void Grow(ref Run[] runs)
    {
        var bigger = ArrayPool<Run>.Shared.Rent(runs.Length * 2);
        Array.Copy(runs, bigger, runs.Length);
        ArrayPool<Run>.Shared.Return(runs);
        runs = bigger;
    }

    private static void ThrowBadLabel(int label, int count, int x, int y) =>
        throw new ArgumentException(
            $"pixel (row {y}, column {x}) holds label {label}, outside 1..{count} (LabelImage.Count)", "image");

    /// <summary>Orders runs by (label, column, row) with two stable counting sorts, merges runs that
    /// continue into the next column, and formats each label's runs into one string.</summary>
    private static void Format(Run[] runs, int nRuns, int h, int w, int count, string[] result)
    {
        int[] byCol = ArrayPool<int>.Shared.Rent(nRuns);
        int[] byLabel = ArrayPool<int>.Shared.Rent(nRuns);
        int[] colStart = ArrayPool<int>.Shared.Rent(w + 1);
        int[] labelStart = ArrayPool<int>.Shared.Rent(count + 2);
        char[] chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            // Stable counting sort by column (runs of one column were emitted in row order).
            Array.Clear(colStart, 0, w + 1);
            for (int i = 0; i < nRuns; i++) colStart[runs[i].Col + 1]++;
            for (int c = 0; c < w; c++) colStart[c + 1] += colStart[c];
            for (int i = 0; i < nRuns; i++) byCol[colStart[runs[i].Col]++] = i;

            // Stable counting sort by label: each label's runs stay in column-major order.
            Array.Clear(labelStart, 0, count + 2);
            for (int i = 0; i < nRuns; i++) labelStart[runs[i].Label + 1]++;
            for (int l = 0; l <= count; l++) labelStart[l + 1] += labelStart[l];
            for (int i = 0; i < nRuns; i++)
            {
                int r = byCol[i];
                byLabel[labelStart[runs[r].Label]++] = r;
            }
            // labelStart[l] now is the end of label l's group, the start of label l+1's group.

            int from = 0;
            for (int label = 1; label <= count; label++)
            {
                int to = labelStart[label];
                if (to == from) continue;
                int need = (to - from) * 22;
                if (chars.Length < need)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(need);
                }
                var span = chars.AsSpan();
                int n = 0;
                ref Run first = ref runs[byLabel[from]];
                int start = first.Col * h + first.Row;
                int length = first.Length;
                for (int i = from + 1; i < to; i++)
                {
                    ref Run r = ref runs[byLabel[i]];
                    int s = r.Col * h + r.Row;
                    if (s == start + length)
                    {
                        length += r.Length; // continues from the bottom of the previous column
                        continue;
                    }
                    n = WritePair(span, n, start, length);
                    start = s;
                    length = r.Length;
                }
                n = WritePair(span, n, start, length);
                result[label - 1] = new string(chars, 0, n - 1); // drop the trailing space
                from = to;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(byCol);
            ArrayPool<int>.Shared.Return(byLabel);
            ArrayPool<int>.Shared.Return(colStart);
            ArrayPool<int>.Shared.Return(labelStart);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WritePair(Span<char> span, int n, int start0, int length)
    {
        (start0 + 1).TryFormat(span[n..], out int written, default, CultureInfo.InvariantCulture);
        n += written;
        span[n++] = ' ';
        length.TryFormat(span[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        span[n++] = ' ';
        return n;
    }

    /// <summary>Encodes one row-major boolean mask of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static string Encode(ReadOnlySpan<bool> mask, int height, int width)
    {
        if (height < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(height), "shape must be non-negative");
        if (mask.Length != (long)height * width)
            throw new ArgumentException($"mask holds {mask.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(mask));
        var labels = new int[mask.Length];
        for (int i = 0; i < mask.Length; i++) labels[i] = mask[i] ? 1 : 0;
        return EncodeAll(new LabelImage(height, width, labels, 1))[0];
    }

    /// <summary>
    /// Decodes <paramref name="rles"/> into a new label image: <c>rles[i]</c> becomes label <c>i + 1</c>.
    /// </summary>
    /// <exception cref="MalformedRleException">a string is malformed, or two objects claim one pixel.</exception>
    public static LabelImage DecodeAll(IReadOnlyList<string> rles, int height, int width, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(rles);
        if (height < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(height), "shape must be non-negative");
        var labels = new int[checked(height * width)];
        for (int i = 0; i < rles.Count; i++) DecodeInto(rles[i], i + 1, labels, height, width, context);
        return new LabelImage(height, width, labels, rles.Count);
    }

    /// <summary>
    /// Decodes <paramref name="rles"/> into an existing row-major buffer, which is cleared first (every
    /// pixel ends up 0 or label <c>i + 1</c> for <c>rles[i]</c>), so a caller can reuse one buffer frame after frame.
    /// </summary>
    /// <exception cref="MalformedRleException">a string is malformed, or two objects claim one pixel.</exception>
    public static void DecodeAllInto(IReadOnlyList<string> rles, int[] labels, int height, int width, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(rles);
        ArgumentNullException.ThrowIfNull(labels);
        if (height < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(height), "shape must be non-negative");
        if (labels.Length != (long)height * width)
            throw new ArgumentException($"label buffer holds {labels.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(labels));
        Array.Clear(labels);
        for (int i = 0; i < rles.Count; i++) DecodeInto(rles[i], i + 1, labels, height, width, context);
    }

    /// <summary>
    /// Writes <paramref name="label"/> into the row-major <paramref name="labels"/> buffer at every pixel
    /// of <paramref name="rle"/>. Pixels must be 0 beforehand (a pixel of another object is an overlap).
    /// On failure the buffer may be partly written.
    /// </summary>
    /// <exception cref="MalformedRleException">the string is malformed or overlaps a labelled pixel.</exception>
    public static void DecodeInto(string rle, int label, int[] labels, int height, int width, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(rle);
        ArgumentNullException.ThrowIfNull(labels);
        if (label < 1) throw new ArgumentOutOfRangeException(nameof(label), label, "label must be >= 1");
        if (height < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(height), "shape must be non-negative");
        if (labels.Length != (long)height * width)
            throw new ArgumentException($"label buffer holds {labels.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(labels));

        ref int b = ref MemoryMarshal.GetArrayDataReference(labels);
        var reader = new Reader(rle, label, labels.Length, height, width, context);
        while (reader.Next(out int start0, out int length))
        {
            int x = start0 / height;
            int y = start0 - x * height;
            int rem = length;
            while (rem > 0)
            {
                int n = Math.Min(rem, height - y);
                nint p = (nint)y * width + x;
                for (int k = 0; k < n; k++, p += width)
                {
                    ref int px = ref Unsafe.Add(ref b, p);
                    if (px != 0) ThrowOverlap(label, reader.Run, px, y + k, x, context);
                    px = label;
                }
                rem -= n;
                x++;
                y = 0;
            }
        }
    }

    private static void ThrowOverlap(int label, int run, int other, int y, int x, string? context) =>
        throw new MalformedRleException(
            $"label {label}: run {run} covers pixel (row {y}, column {x}), which already belongs to object {other}", context);

    /// <summary>Reads validated runs (0-based column-major start, length) from one RLE string.</summary>
    private ref struct Reader(string rle, int label, int total, int height, int width, string? context)
    {
        private readonly ReadOnlySpan<char> _s = rle;
        private int _pos;
        private long _nextFree = 1; // the smallest 1-based start the next run may have

        /// <summary>1-based index of the run last returned.</summary>
        public int Run { get; private set; }

        public bool Next(out int start0, out int length)
        {
            if (!NextToken(_s, ref _pos, out long start, label, context))
            {
                start0 = length = 0;
                return false;
            }
            int run = ++Run;
            if (!NextToken(_s, ref _pos, out long len, label, context))
                throw new MalformedRleException(
                    $"label {label}: odd number of values ({CountTokens(_s)}); run {run} (start {start}) has no length", context);
            if (start < 1)
                throw new MalformedRleException($"label {label}: run {run} has start {start} < 1 (pixels are numbered from 1)", context);
            if (len < 1)
                throw new MalformedRleException($"label {label}: run {run} (start {start}) has length {len} < 1", context);
            if (start - 1 + len > total)
                throw new MalformedRleException(
                    $"label {label}: run {run} (start {start}, length {len}) ends at pixel {start - 1 + len}, past the end of the {height}x{width} image ({total} pixels)", context);
            if (start < _nextFree)
                throw new MalformedRleException(
                    $"label {label}: run {run} (start {start}) starts before the previous run ends (pixel {_nextFree - 1}): runs must be increasing and must not overlap", context);
            _nextFree = start + len;
            start0 = (int)(start - 1);
            length = (int)len;
            return true;
        }
    }

    /// <summary>Parses the next whitespace-separated integer; false at the end of the string.</summary>
    private static bool NextToken(ReadOnlySpan<char> s, ref int pos, out long value, int label, string? context)
    {
        int i = pos;
        while (i < s.Length && IsSpace(s[i])) i++;
        if (i == s.Length)
        {
            pos = i;
            value = 0;
            return false;
        }
        int tokenStart = i;
        bool negative = false;
        if (s[i] == '-' || s[i] == '+')
        {
            negative = s[i] == '-';
            i++;
        }
        int digitsStart = i;
        long v = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) break;
            if (v < 1_000_000_000_000L) v = v * 10 + d; // anything larger is past every image's end anyway
        }
        if (i == digitsStart || (i < s.Length && !IsSpace(s[i])))
        {
            int end = i;
            while (end < s.Length && !IsSpace(s[end])) end++;
            string token = s[tokenStart..end].ToString();
            if (token.Length > 40) token = token[..40] + "...";
            throw new MalformedRleException($"label {label}: token '{token}' at character {tokenStart} is not an integer", context);
        }
        pos = i;
        value = negative ? -v : v;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\n';

    private static int CountTokens(ReadOnlySpan<char> s)
    {
        int n = 0;
        bool inToken = false;
        foreach (char c in s)
        {
            bool sp = IsSpace(c);
            if (!sp && !inToken) n++;
            inToken = !sp;
        }
        return n;
    }
}
