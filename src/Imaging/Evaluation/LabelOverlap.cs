namespace CellActors.Imaging.Evaluation;

/// <summary>
/// Pixel counts of every reference label, every result label and every (reference, result) pair that overlaps,
/// gathered in one pass over the pixels. The basis of the DSB IoU matrix and of the CTC SEG/DET matching.
/// Label 0 is background in both images and is never counted.
/// </summary>
public sealed class LabelOverlap
{
    private readonly Dictionary<long, long> _pairs;

    private LabelOverlap(Dictionary<int, long> reference, Dictionary<int, long> result, Dictionary<long, long> pairs)
    {
        ReferenceSizes = reference;
        ResultSizes = result;
        _pairs = pairs;
    }

    /// <summary>Pixel count of each reference label present.</summary>
    public IReadOnlyDictionary<int, long> ReferenceSizes { get; }

    /// <summary>Pixel count of each result label present.</summary>
    public IReadOnlyDictionary<int, long> ResultSizes { get; }

    /// <summary>Every overlapping pair with its intersection size, in no particular order.</summary>
    public IEnumerable<(int Reference, int Result, long Intersection)> Pairs
    {
        get
        {
            foreach (var kv in _pairs) yield return ((int)(kv.Key >> 32), (int)(kv.Key & 0xFFFFFFFF), kv.Value);
        }
    }

    /// <summary>Intersection size of one pair (0 when they do not overlap).</summary>
    public long Intersection(int reference, int result) => _pairs.GetValueOrDefault(Key(reference, result));

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>Counts sizes and intersections. Both images must have the same shape.</summary>
    /// <exception cref="ArgumentException">the shapes differ, or a label is negative.</exception>
    public static LabelOverlap Compute(LabelImage reference, LabelImage result)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(result);
        if (reference.Height != result.Height || reference.Width != result.Width)
            throw new ArgumentException(
                $"shapes differ: reference {reference.Height}x{reference.Width}, result {result.Height}x{result.Width}", nameof(result));
        var r = reference.Labels;
        var s = result.Labels;
        var refSizes = new Dictionary<int, long>();
        var resSizes = new Dictionary<int, long>();
        var pairs = new Dictionary<long, long>();
        // Runs of equal (reference, result) pairs are counted once: label images are mostly long runs.
        int n = r.Length;
        int i = 0;
        while (i < n)
        {
            int a = r[i], b = s[i];
            int j = i + 1;
            while (j < n && r[j] == a && s[j] == b) j++;
            long len = j - i;
            if (a < 0 || b < 0) throw new ArgumentException($"negative label at pixel {i}", a < 0 ? nameof(reference) : nameof(result));
            if (a != 0) refSizes[a] = refSizes.GetValueOrDefault(a) + len;
            if (b != 0) resSizes[b] = resSizes.GetValueOrDefault(b) + len;
            if (a != 0 && b != 0)
            {
                long k = Key(a, b);
                pairs[k] = pairs.GetValueOrDefault(k) + len;
            }
            i = j;
        }
        return new LabelOverlap(refSizes, resSizes, pairs);
    }
}
