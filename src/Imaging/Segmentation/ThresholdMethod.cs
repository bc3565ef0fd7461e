namespace CellActors.Imaging;

/// <summary>How the foreground/background threshold is chosen.</summary>
public enum ThresholdMethod
{
    /// <summary>One global threshold from Otsu's method on the image histogram.</summary>
    Otsu,

    /// <summary>One global threshold from the triangle method (good for a few bright objects on a large background).</summary>
    Triangle,

    /// <summary>
    /// Adaptive: a pixel is foreground when it exceeds the local box mean over
    /// <see cref="SegmentationOptions.BlockSize"/> by <see cref="SegmentationOptions.LocalOffset"/> (a fraction of the
    /// image's dynamic range) and also exceeds <see cref="SegmentationOptions.LocalGlobalFloor"/> × the global Otsu threshold.
    /// </summary>
    Local,
}
