namespace CellActors.Imaging.Contours;

/// <summary>
/// One polygon of a traced mask: an outer ring and its holes, each ring a closed list of vertices in pixel-corner
/// coordinates (interleaved <c>x0, y0, x1, y1, …</c>, the first vertex repeated at the end). Pixel (x, y) covers the
/// square [x, x+1] × [y, y+1]; the polygon covers exactly the mask's pixels (the pixel-centre rule re-rasterises it
/// exactly). The outer ring has a positive shoelace area in (x, y), the holes a negative one.
/// </summary>
/// <param name="Outer">The outer ring.</param>
/// <param name="Holes">The holes, each a ring inside <paramref name="Outer"/>.</param>
public sealed record MaskPolygon(IReadOnlyList<int> Outer, IReadOnlyList<IReadOnlyList<int>> Holes);
