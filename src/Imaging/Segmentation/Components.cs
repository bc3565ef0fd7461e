using System.Runtime.InteropServices;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>Connected-component labelling of a binary mask (like scikit-image's <c>measure.label(mask, connectivity=2)</c>).</summary>
public static class Components
{
    /// <summary>
    /// Labels the 8-connected components of <paramref name="mask"/> (<c>CV_8UC1</c>, non-zero = foreground) 1, 2, … in
    /// raster order of their first pixel, written straight into <paramref name="labels"/> (row-major, length rows × cols;
    /// background 0). Returns the label count including the background (1 for an empty mask).
    /// </summary>
    public static int Label(Mat mask, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(labels);
        int h = mask.Rows, w = mask.Cols;
        if (labels.Length != h * w) throw new ArgumentException($"label buffer holds {labels.Length} values, the mask {h}x{w} needs {h * w}", nameof(labels));
        var handle = GCHandle.Alloc(labels, GCHandleType.Pinned);
        try
        {
            IntPtr p = handle.AddrOfPinnedObject();
            using var dst = Mat.FromPixelData(h, w, MatType.CV_32SC1, p);
            int n = Cv2.ConnectedComponents(mask, dst, PixelConnectivity.Connectivity8, MatType.CV_32S);
            if (dst.Data != p) throw new InvalidOperationException("OpenCV reallocated the label buffer");
            return n;
        }
        finally
        {
            handle.Free();
        }
    }
}
