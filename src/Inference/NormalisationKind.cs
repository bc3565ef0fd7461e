namespace CellActors.Inference;

/// <summary>How a frame's grey values are scaled before they enter the network (computed over the whole frame, never per tile).</summary>
public enum NormalisationKind
{
    /// <summary>Values enter as they are (as float32).</summary>
    None,

    /// <summary><c>(v - p_low) / (p_high - p_low)</c> with the frame's low and high percentiles (CSBDeep / bioimage.io <c>scale_range</c>).</summary>
    Percentile,

    /// <summary><c>(v - mean) / (std + eps)</c> over the frame (bioimage.io <c>zero_mean_unit_variance</c>).</summary>
    ZeroMeanUnitVariance,
}
