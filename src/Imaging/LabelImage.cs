namespace CellActors.Imaging;

/// <summary>
/// An instance label image: one <see cref="int"/> per pixel in row-major order, 0 for background and
/// 1..<see cref="Count"/> for objects. The shape always travels with the labels.
/// </summary>
public sealed class LabelImage
{
    /// <summary>Creates a label image over an existing row-major buffer of length <paramref name="height"/> × <paramref name="width"/>.</summary>
    public LabelImage(int height, int width, int[] labels, int count)
    {
        if (height < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(height), "shape must be non-negative");
        if (labels.Length != (long)height * width)
            throw new ArgumentException($"label buffer holds {labels.Length} values, shape {height}x{width} needs {(long)height * width}", nameof(labels));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        Height = height;
        Width = width;
        Labels = labels;
        Count = count;
    }

    /// <summary>Creates an all-background label image.</summary>
    public static LabelImage Empty(int height, int width) => new(height, width, new int[height * width], 0);

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Row-major labels; index = y * Width + x.</summary>
    public int[] Labels { get; }

    /// <summary>Highest label in use; labels run 1..Count (a label may be absent after filtering only if the producer says so).</summary>
    public int Count { get; }
}
