namespace CellActors.Inference;

/// <summary>
/// Tiling with centre-crop: tiles overlap by <c>2 × overlap</c>, and each frame pixel is taken from exactly one tile, the
/// one where it lies at least <c>overlap</c> pixels from every inner tile edge (beyond a frame edge the context is the mirrored frame). The kept
/// regions partition the frame, so there is no blending and no seam as long as the overlap covers the model's halo
/// (the context a pixel's prediction depends on). The last tile along an axis is moved back to end <c>overlap</c> past the frame edge
/// (it then overlaps its neighbour more); a frame shorter than a tile gets one tile, centred and padded by mirroring
/// (the same context on both sides, so a flipped frame gets the flipped tile).
/// </summary>
public static class TilePlan
{
    /// <summary>
    /// The tiles along an axis of <paramref name="length"/> pixels, tiles of <paramref name="size"/> with
    /// <paramref name="overlap"/> context. The frame is seen as mirrored by <paramref name="overlap"/> pixels beyond
    /// each edge, so an edge pixel has the same context whether the frame is one tile or many: tiles cover
    /// <c>[-overlap, length + overlap)</c> and the first tile starts at <c>-overlap</c>.
    /// </summary>
    public static IReadOnlyList<TileSpan> Axis(int length, int size, int overlap)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length));
        if (size < 1 || overlap < 0 || 2 * overlap >= size) throw new ArgumentOutOfRangeException(nameof(overlap), $"overlap {overlap} must be less than half the tile {size}");
        if (length + 2 * overlap <= size) return [new TileSpan(-((size - length) / 2), 0, length)]; // centred: the same context on both sides
        var stride = size - 2 * overlap;
        var starts = new List<int>();
        for (var s = -overlap; s + size < length + overlap; s += stride) starts.Add(s);
        starts.Add(length + overlap - size);
        var spans = new List<TileSpan>(starts.Count);
        var written = 0;
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i == starts.Count - 1 ? length : starts[i] + size - overlap;
            spans.Add(new TileSpan(starts[i], written, end));
            written = end;
        }
        return spans;
    }

    /// <summary>Mirrors an index into <c>[0, n)</c> (reflection without repeating the edge, any distance).</summary>
    public static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * n - 2;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }

    /// <summary>Rounds <paramref name="v"/> up to a multiple of <paramref name="m"/>.</summary>
    public static int RoundUp(int v, int m) => (v + m - 1) / m * m;
}
