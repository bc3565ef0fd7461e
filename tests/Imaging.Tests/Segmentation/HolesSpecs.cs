using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>Hole filling against SciPy's <c>ndimage.binary_fill_holes</c> (SciPy 1.10.1) on a hand-made mask.</summary>
public sealed class HolesSpecs
{
    [Fact]
    public void Enclosed_background_is_filled_and_background_reaching_the_border_is_not()
    {
        using var mask = Mask(
            ".......",
            ".#####.",
            ".#..##.",
            ".#.##..",
            ".####.#",
            "......#");
        Holes.Fill(mask);
        Assert.Equal(new[]
        {
            ".......",
            ".#####.",
            ".#####.",
            ".####..",
            ".####.#",
            "......#",
        }, Rows(mask)); // binary_fill_holes(mask): the same
    }

    [Fact]
    public void A_hole_touching_the_mask_only_diagonally_to_the_outside_is_filled()
    {
        // The background is 4-connected: (1, 1) meets the outside only through a corner, so it is a hole.
        using var mask = Mask(
            "##.",
            "#.#",
            ".##");
        Holes.Fill(mask);
        Assert.Equal(new[] { "##.", "###", ".##" }, Rows(mask));
    }

    internal static Mat Mask(params string[] rows)
    {
        var m = new Mat(rows.Length, rows[0].Length, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 0; y < rows.Length; y++)
            for (int x = 0; x < rows[y].Length; x++)
                if (rows[y][x] == '#') m.Set(y, x, (byte)255);
        return m;
    }

    internal static string[] Rows(Mat mask) =>
        Enumerable.Range(0, mask.Rows).Select(y => new string(Enumerable.Range(0, mask.Cols).Select(x => mask.At<byte>(y, x) != 0 ? '#' : '.').ToArray())).ToArray();
}
