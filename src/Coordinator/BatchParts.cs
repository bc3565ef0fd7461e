namespace CellActors.Coordinator;

/// <summary>
/// Ids of the parts a batch is bisected into when it keeps failing (see <see cref="JobCoordinatorState"/>). A batch
/// id is its index, 0 and up; a part covers manifest frames [first, first + count) of one batch and its id is
/// negative, <c>-1 - (first · 2^20 + count)</c>, so leases, <c>batches</c> rows and commits of parts never meet a batch id
/// and the frames a part covers follow from its id alone (deterministic on replay). Pure.
/// </summary>
public static class BatchParts
{
    private const int CountBits = 20;

    /// <summary>The largest part (frames); a batch larger than this is never bisected.</summary>
    public const int MaxFrames = (1 << CountBits) - 1;

    /// <summary>True when <paramref name="id"/> is a part, false for a whole batch.</summary>
    public static bool IsPart(long id) => id < 0;

    /// <summary>The id of the part covering frames [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not 1..<see cref="MaxFrames"/> or the first frame is negative.</exception>
    public static long Id(long first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxFrames);
        return -1 - ((first << CountBits) | (long)count);
    }

    /// <summary>The first manifest frame of a part.</summary>
    public static long First(long partId) => (-1 - partId) >> CountBits;

    /// <summary>The number of frames in a part.</summary>
    public static int Count(long partId) => (int)((-1 - partId) & MaxFrames);

    /// <summary>How a batch or part is written in logs: <c>batch 12</c>, <c>frames 96..99 of batch 12</c>.</summary>
    public static string Describe(long id, int batchSize) =>
        IsPart(id) ? FormattableString.Invariant($"frames {First(id)}..{First(id) + Count(id) - 1} of batch {First(id) / Math.Max(1, batchSize)}") : FormattableString.Invariant($"batch {id}");
}
