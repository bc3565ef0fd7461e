using System.Collections.Concurrent;

namespace CellActors.Reading;

/// <summary>
/// The directory (IFD) offsets of one version of one remote TIFF, learnt while walking its chain and shared by the
/// process. Finding page k means following k "next directory" pointers from the first; over WebHDFS each hop is a ranged
/// request, so without this reading a 100-page file page by page would cost about 5,000 hops. With it, reading page k
/// after page k-1 costs one hop, and discovery's walk (which sees every directory) leaves nothing to walk at all.
/// Keyed by location, length and modification time, so a rewritten file is walked afresh.
/// </summary>
public sealed class TiffDirectoryIndex
{
    private const int MaxFiles = 20_000;
    private static readonly ConcurrentDictionary<string, TiffDirectoryIndex> Known = new(StringComparer.Ordinal);
    private readonly List<long> _offsets = [];

    /// <summary>The index of a file version; a fresh one the first time.</summary>
    public static TiffDirectoryIndex For(string location, long length, long modifiedUnixMs)
    {
        if (Known.Count > MaxFiles) Known.Clear();
        return Known.GetOrAdd($"{location}|{length}|{modifiedUnixMs}", _ => new TiffDirectoryIndex());
    }

    /// <summary>Pages whose directory offset is known (from page 0 on).</summary>
    public int KnownPages
    {
        get { lock (_offsets) return _offsets.Count; }
    }

    /// <summary>True when nothing is known yet or page 0's directory is at <paramref name="firstIfd"/>.</summary>
    internal bool Matches(long firstIfd)
    {
        lock (_offsets) return _offsets.Count == 0 || _offsets[0] == firstIfd;
    }

    /// <summary>Records the directory offset of <paramref name="page"/> (only contiguously from page 0).</summary>
    internal void Record(int page, long offset)
    {
        lock (_offsets)
        {
            if (page == _offsets.Count) _offsets.Add(offset);
        }
    }

    /// <summary>The known page nearest to, and not after, <paramref name="page"/>.</summary>
    internal bool TryNearest(int page, out int known, out long offset)
    {
        lock (_offsets)
        {
            if (_offsets.Count == 0) { known = 0; offset = 0; return false; }
            known = Math.Min(page, _offsets.Count - 1);
            offset = _offsets[known];
            return true;
        }
    }
}
