namespace CellActors.Inference;

/// <summary>What a model's output channels mean.</summary>
public enum OutputKind
{
    /// <summary>Three channels (background, interior, boundary): seeds from the interior, grown over interior + boundary.</summary>
    InteriorBoundary,

    /// <summary>One foreground channel: thresholded, touching objects split by a distance-transform watershed.</summary>
    Foreground,
}
