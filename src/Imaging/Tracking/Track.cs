namespace CellActors.Imaging.Tracking;

/// <summary>
/// One track in Cell Tracking Challenge semantics (<c>L B E P</c>): a cell followed from <see cref="TStart"/> to
/// <see cref="TEnd"/> without a gap; a division ends it with two daughter tracks, and a gap ends it with one
/// continuation track, each having it as <see cref="Parent"/>. Carries the per-track measurements users query.
/// </summary>
public sealed class Track
{
    /// <summary>Track id (CTC label <c>L</c>), unique within its sequence.</summary>
    public required int Id { get; init; }

    /// <summary>Parent track (CTC <c>P</c>), null for a cell that appeared.</summary>
    public int? Parent { get; init; }

    /// <summary>First frame (CTC <c>B</c>).</summary>
    public required int TStart { get; init; }

    /// <summary>Last frame (CTC <c>E</c>).</summary>
    public int TEnd { get; set; }

    /// <summary>Frame the cell's current cycle began: its own start after a division or an appearance, the parent's after a gap.</summary>
    public required int CycleStart { get; init; }

    /// <summary>Frames in which the track has an object.</summary>
    public int Observations { get; set; }

    /// <summary>Tracks that have this one as parent: 0 (still going or ended), 1 (continued after a gap), 2 (divided).</summary>
    public int Children { get; set; }

    /// <summary>Centroid column at <see cref="TStart"/>.</summary>
    public required double StartX { get; init; }

    /// <summary>Centroid row at <see cref="TStart"/>.</summary>
    public required double StartY { get; init; }

    /// <summary>Centroid column at <see cref="TEnd"/>.</summary>
    public double EndX { get; set; }

    /// <summary>Centroid row at <see cref="TEnd"/>.</summary>
    public double EndY { get; set; }

    /// <summary>Sum of centroid steps from frame to frame, in pixels.</summary>
    public double PathLength { get; set; }

    /// <summary>Frames from start to end, inclusive.</summary>
    public int Duration => TEnd - TStart + 1;

    /// <summary>Straight-line distance from the first to the last centroid, in pixels.</summary>
    public double Displacement => Math.Sqrt((EndX - StartX) * (EndX - StartX) + (EndY - StartY) * (EndY - StartY));

    /// <summary>Path length per frame interval (pixels per frame); 0 for a one-frame track.</summary>
    public double MeanSpeed => TEnd > TStart ? PathLength / (TEnd - TStart) : 0;

    /// <summary>The last frame before the cell divided (its daughters appear one frame later), or null when it did not divide.</summary>
    public int? DivisionT => Children >= 2 ? TEnd : null;

    /// <summary>A copy (the tracker hands out copies so callers never see later changes).</summary>
    public Track Clone() => (Track)MemberwiseClone();
}
