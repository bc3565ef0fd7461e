namespace CellActors.Inference;

/// <summary>Names, parsing and the transforms of <see cref="TestTimeAugmentation"/>.</summary>
public static class TestTimeAugmentations
{
    /// <summary>Model passes per frame: 1, 4 or 8.</summary>
    public static int Passes(this TestTimeAugmentation a) => a switch
    {
        TestTimeAugmentation.Flips => 4,
        TestTimeAugmentation.FlipsAndTurns => 8,
        _ => 1,
    };

    /// <summary>The canonical name: <c>none</c>, <c>flips</c> or <c>flips+turns</c>.</summary>
    public static string Name(this TestTimeAugmentation a) => a switch
    {
        TestTimeAugmentation.Flips => "flips",
        TestTimeAugmentation.FlipsAndTurns => "flips+turns",
        _ => "none",
    };

    /// <summary>Parses <c>none</c>/<c>1</c>, <c>flips</c>/<c>4</c>, <c>flips+turns</c>/<c>8</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static TestTimeAugmentation Parse(string text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "none" or "1" or "off" => TestTimeAugmentation.None,
        "flips" or "4" => TestTimeAugmentation.Flips,
        "flips+turns" or "8" or "d4" => TestTimeAugmentation.FlipsAndTurns,
        _ => throw new ArgumentException($"test-time augmentation '{text}' is not known (none, flips, flips+turns; or 1, 4, 8)"),
    };

    /// <summary>The transforms of pass <paramref name="pass"/>: flip rows, flip columns, then transpose.</summary>
    public static (bool FlipY, bool FlipX, bool Transpose) Transform(int pass) => ((pass & 2) != 0, (pass & 1) != 0, (pass & 4) != 0);

    /// <summary>
    /// A row-major plane of <paramref name="height"/> × <paramref name="width"/> flipped as asked and then transposed
    /// when asked (the result is <paramref name="width"/> × <paramref name="height"/> then).
    /// </summary>
    public static float[] Apply(float[] plane, int height, int width, (bool FlipY, bool FlipX, bool Transpose) t)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var dst = new float[plane.Length];
        for (var y = 0; y < height; y++)
        {
            var sy = t.FlipY ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var v = plane[sy * width + (t.FlipX ? width - 1 - x : x)];
                if (t.Transpose) dst[x * height + y] = v;
                else dst[y * width + x] = v;
            }
        }
        return dst;
    }

    /// <summary>
    /// Undoes <see cref="Apply"/>: <paramref name="plane"/> is the transformed plane (transposed when
    /// <paramref name="t"/> transposes), the result is <paramref name="height"/> × <paramref name="width"/> in the
    /// original orientation.
    /// </summary>
    public static float[] Undo(float[] plane, int height, int width, (bool FlipY, bool FlipX, bool Transpose) t)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var dst = new float[plane.Length];
        for (var y = 0; y < height; y++)
        {
            var sy = t.FlipY ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var sx = t.FlipX ? width - 1 - x : x;
                dst[y * width + x] = t.Transpose ? plane[sx * height + sy] : plane[sy * width + sx];
            }
        }
        return dst;
    }
}
