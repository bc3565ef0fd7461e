using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Applies a <see cref="DenoiseOptions"/> filter to a single-channel plane (<c>CV_8UC1</c>, <c>CV_16UC1</c> or
/// <c>CV_32FC1</c>). Always returns a new <see cref="Mat"/> of the same size and depth; the input is not changed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Median</b>: OpenCV <c>medianBlur</c> (replicated border). It supports any odd kernel for 8-bit images but only 3
/// and 5 for 16-bit and float images; larger kernels on those depths raise <see cref="ArgumentException"/> rather than
/// rescaling to 8 bits (which would lose precision). Kernel size 1 is a copy.</item>
/// <item><b>Gaussian</b>: OpenCV <c>GaussianBlur</c> with the kernel size derived from sigma (reflected border); 8/16-bit
/// results are rounded to the input depth.</item>
/// <item><b>BackgroundSubtract</b>: white top-hat, <c>src − opening(src)</c>, with an elliptical (disk) structuring element
/// of the given radius. The opening is the largest "background" surface under the image that a disk cannot fit
/// into, so it removes uneven illumination and offsets while keeping every object narrower than the disk. The
/// opening never exceeds the image, so the result is ≥ 0 with no clamping needed and keeps the input depth.
/// For radii above 8 the opening is computed on a min-pooled, downscaled copy (factor ≈ radius/8) and
/// upsampled, which keeps it fast (a 51x51 disk at full size costs ~1 s per frame) — this is the
/// shrink-then-roll approach of ImageJ's rolling-ball background; the background is clamped to the image so the
/// result stays ≥ 0.</item>
/// </list>
/// </remarks>
public static class Denoiser
{
    /// <summary>Filters <paramref name="src"/>; see the type remarks for each method.</summary>
    /// <exception cref="ArgumentException">Unsupported input type, invalid options, or a median kernel &gt; 5 on a 16-bit/float image.</exception>
    public static Mat Apply(Mat src, DenoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentNullException.ThrowIfNull(options);
        if (src.Empty()) throw new ArgumentException("cannot denoise an empty image", nameof(src));
        if (src.Channels() != 1) throw new ArgumentException($"expected a single-channel image, got {src.Channels()} channels", nameof(src));
        int depth = src.Depth();
        if (depth != MatType.CV_8U && depth != MatType.CV_16U && depth != MatType.CV_32F)
            throw new ArgumentException($"expected an 8-bit, 16-bit or float image, got {src.Type()}", nameof(src));
        string? problem = options.Validate();
        if (problem is not null) throw new ArgumentException(problem, nameof(options));

        var dst = new Mat();
        try
        {
            switch (options.Method)
            {
                case DenoiseMethod.None:
                    src.CopyTo(dst);
                    break;
                case DenoiseMethod.Median:
                    if (options.KernelSize == 1) src.CopyTo(dst);
                    else
                    {
                        if (depth != MatType.CV_8U && options.KernelSize > 5)
                            throw new ArgumentException(
                                $"median kernel size {options.KernelSize} is not supported for {(depth == MatType.CV_16U ? "16-bit" : "float")} images (at most 5; use 8-bit input or gaussian/background)",
                                nameof(options));
                        Cv2.MedianBlur(src, dst, options.KernelSize);
                    }
                    break;
                case DenoiseMethod.Gaussian:
                    Cv2.GaussianBlur(src, dst, new Size(0, 0), options.Sigma, options.Sigma, BorderTypes.Reflect101);
                    break;
                case DenoiseMethod.BackgroundSubtract:
                    using (var background = Background(src, options.BackgroundRadius))
                        Cv2.Subtract(src, background, dst);
                    break;
                default:
                    throw new ArgumentException($"unknown denoise method {options.Method}", nameof(options));
            }
            return dst;
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    private const int DirectRadius = 8;

    /// <summary>Morphological opening with a disk of <paramref name="radius"/>, never above <paramref name="src"/>.</summary>
    private static Mat Background(Mat src, int radius)
    {
        var bg = new Mat();
        if (radius <= DirectRadius || Math.Min(src.Rows, src.Cols) < 4 * (radius / DirectRadius))
        {
            using var disk = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * radius + 1, 2 * radius + 1));
            Cv2.MorphologyEx(src, bg, MorphTypes.Open, disk, borderType: BorderTypes.Replicate);
            return bg;
        }

        int f = radius / DirectRadius;
        int r = Math.Max(1, (int)Math.Round((double)radius / f));
        using var pooled = new Mat();
        using (var box = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(f, f)))
            Cv2.Erode(src, pooled, box, anchor: new Point(0, 0), borderType: BorderTypes.Replicate);
        int sw = (src.Cols + f - 1) / f, sh = (src.Rows + f - 1) / f;
        // Min-pooling: after the f x f erosion anchored top-left, pixel (f*y, f*x) holds the minimum of its block;
        // pad to a multiple of f, then nearest-neighbour resize by exactly 1/f samples those pixels.
        using var padded = new Mat();
        Cv2.CopyMakeBorder(pooled, padded, 0, sh * f - src.Rows, 0, sw * f - src.Cols, BorderTypes.Replicate);
        using var small = new Mat();
        Cv2.Resize(padded, small, new Size(0, 0), 1.0 / f, 1.0 / f, InterpolationFlags.Nearest);
        using var smallBg = new Mat();
        using (var disk = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * r + 1, 2 * r + 1)))
            Cv2.MorphologyEx(small, smallBg, MorphTypes.Open, disk, borderType: BorderTypes.Replicate);
        using var up = new Mat();
        Cv2.Resize(smallBg, up, new Size(sw * f, sh * f), 0, 0, InterpolationFlags.Linear);
        using var cropped = new Mat(up, new Rect(0, 0, src.Cols, src.Rows));
        Cv2.Min(cropped, src, bg);
        return bg;
    }
}
