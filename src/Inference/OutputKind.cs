namespace CellActors.Inference;

/// <summary>What a model's output channels mean.</summary>
public enum OutputKind
{
    /// <summary>Three channels (background, interior, boundary): seeds from the interior, grown over interior + boundary.</summary>
    InteriorBoundary,

    /// <summary>One foreground channel: thresholded, touching objects split by a distance-transform watershed.</summary>
    Foreground,

    /// <summary>StarDist 2D: an object probability channel then n_rays radial distances (possibly at a grid subsampling): star-convex polygons, non-maximum suppression.</summary>
    StarDist,

    /// <summary>Cellpose: flows dY, dX and a cell-probability logit: pixels follow the flows to sinks that become objects.</summary>
    Cellpose,
}
