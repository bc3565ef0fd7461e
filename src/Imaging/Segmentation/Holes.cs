using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>Hole filling of a binary mask (like SciPy's <c>ndimage.binary_fill_holes</c> with its default 4-connected structure).</summary>
public static class Holes
{
    /// <summary>
    /// Sets every background pixel of <paramref name="mask"/> (<c>CV_8UC1</c>, 0 = background, 255 = foreground) that is not
    /// 4-connected to the image border to 255, in place: a hole is background enclosed by foreground.
    /// </summary>
    public static void Fill(Mat mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(mask, padded, 1, 1, 1, 1, BorderTypes.Constant, Scalar.All(0));
        Cv2.FloodFill(padded, new Point(0, 0), Scalar.All(255));
        using var inner = new Mat(padded, new Rect(1, 1, mask.Cols, mask.Rows));
        using var holes = new Mat();
        Cv2.BitwiseNot(inner, holes);
        Cv2.BitwiseOr(mask, holes, mask);
    }
}
