using Xunit;

namespace CellActors.Imaging.Tests.Measurement;

/// <summary>
/// The ellipse, extent, Feret, form factor and compactness measurements of <see cref="ObjectMeasurer"/> against values
/// worked out by hand on tiny drawn objects (the working is in the comments).
/// </summary>
public sealed class ShapeMeasurementSpecs
{
    internal static LabelImage Labels(params string[] rows)
    {
        int h = rows.Length, w = rows[0].Length, count = 0;
        var l = new int[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int v = rows[y][x] == '.' ? 0 : rows[y][x] - '0';
                l[y * w + x] = v;
                count = Math.Max(count, v);
            }
        return new LabelImage(h, w, l, count);
    }

    [Fact]
    public void Rectangle_4_wide_3_high()
    {
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(
            "........",
            "..1111..",
            "..1111..",
            "..1111..",
            "........")));
        // Column variance (4² − 1)/12 = 1.25, row variance (3² − 1)/12 = 2/3, no covariance.
        Assert.Equal(4 * Math.Sqrt(1.25), m.MajorAxisLength, 12);
        Assert.Equal(4 * Math.Sqrt(2.0 / 3), m.MinorAxisLength, 12);
        Assert.Equal(Math.PI / 2, m.Orientation, 12); // elongated along the columns: 90° from the row axis
        Assert.Equal(1.0, m.Extent, 12);
        // Contour of the rectangle: edge midpoints; farthest pair (x0 − ½, y0) … (x3 + ½, y2): 4 across, 2 down.
        Assert.Equal(Math.Sqrt(20), m.FeretDiameterMax, 12);
        Assert.Equal(3.0, m.FeretDiameterMin, 12); // min(w, h)
        Assert.Equal(4 * Math.PI * 12 / (14.0 * 14), m.FormFactor, 12);
        Assert.Equal(2 * Math.PI * (1.25 + 2.0 / 3) / 12, m.Compactness, 12);
        Assert.Equal(1, m.EulerNumber);
        Assert.Equal(0, m.Neighbours);
        Assert.True(double.IsNaN(m.NearestNeighbourDistance));
    }

    [Fact]
    public void A_tall_rectangle_has_orientation_zero()
    {
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(
            ".1.",
            ".1.",
            ".1.",
            ".1.")));
        Assert.Equal(0.0, m.Orientation, 12);
        Assert.Equal(4 * Math.Sqrt(15.0 / 12), m.MajorAxisLength, 12); // row variance (16 − 1)/12
        Assert.Equal(0.0, m.MinorAxisLength, 12);
        Assert.Equal(Math.Sqrt(16 + 0), m.FeretDiameterMax, 12);      // (x, y0 − ½) … (x, y3 + ½)
        Assert.Equal(1.0, m.FeretDiameterMin, 12);                    // one pixel wide
    }

    [Fact]
    public void Disc_of_radius_one()
    {
        // The digital disc of radius 1: a plus of 5 pixels. Variances 2/5 each, no covariance.
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(
            ".....",
            "..1..",
            ".111.",
            "..1..",
            ".....")));
        Assert.Equal(4 * Math.Sqrt(0.4), m.MajorAxisLength, 12);
        Assert.Equal(4 * Math.Sqrt(0.4), m.MinorAxisLength, 12);
        Assert.Equal(-Math.PI / 4, m.Orientation, 12); // equal variances, no covariance: skimage's −π/4
        Assert.Equal(5.0 / 9, m.Extent, 12);
        // Its convex image is itself; contour hull = the diamond (½,2) (2,½) (3½,2) (2,3½): 3 across, 3/√2 between
        // opposite sides.
        Assert.Equal(3.0, m.FeretDiameterMax, 12);
        Assert.Equal(3 / Math.Sqrt(2), m.FeretDiameterMin, 12);
        Assert.Equal(4 * Math.PI * 5 / (12.0 * 12), m.FormFactor, 12);
        Assert.Equal(2 * Math.PI * 0.8 / 5, m.Compactness, 12); // ≈ 1.005: a disc is about 1
        Assert.Equal(1, m.EulerNumber);
    }

    [Fact]
    public void L_shape()
    {
        // Pixels (x, y): (0,0) (0,1) (0,2) (1,2) (2,2). Centroid (0.6, 1.4); variances 0.64 and 0.64, covariance 0.36;
        // eigenvalues 1.0 and 0.28.
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(
            "1..",
            "1..",
            "111")));
        Assert.Equal(4.0, m.MajorAxisLength, 12);
        Assert.Equal(4 * Math.Sqrt(0.28), m.MinorAxisLength, 12);
        Assert.Equal(Math.PI / 4, m.Orientation, 12); // equal variances, positive covariance: skimage's π/4
        Assert.Equal(5.0 / 9, m.Extent, 12);
        // Convex image: rows {0}, {0,1}, {0,1,2} (the corner (1,1) joins). Contour points include (0,−½) and (2,2½):
        // 2 across, 3 down = √13; the hull's side on x − y = ½ is 3/√2 from the far corner (−½, 2).
        Assert.Equal(Math.Sqrt(13), m.FeretDiameterMax, 12);
        Assert.Equal(3 / Math.Sqrt(2), m.FeretDiameterMin, 12);
        Assert.Equal(4 * Math.PI * 5 / (12.0 * 12), m.FormFactor, 12); // crack perimeter 5·4 − 2·4 = 12
        Assert.Equal(2 * Math.PI * 1.28 / 5, m.Compactness, 12);
        Assert.Equal(1, m.EulerNumber);
    }

    [Fact]
    public void A_single_pixel()
    {
        var m = Assert.Single(ObjectMeasurer.Measure(Labels("...", ".1.", "...")));
        Assert.Equal((0.0, 0.0, 1.0), (m.MajorAxisLength, m.MinorAxisLength, m.Extent));
        Assert.Equal(1.0, m.FeretDiameterMax, 12);             // (x − ½, y) … (x + ½, y)
        Assert.Equal(Math.Sqrt(2) / 2, m.FeretDiameterMin, 12); // the diamond of its four edge midpoints
        Assert.Equal(Math.PI / 4, m.FormFactor, 12);
        Assert.Equal(0.0, m.Compactness, 12);
        Assert.Equal(1, m.EulerNumber);
    }

    [Fact]
    public void A_diagonal_line_is_oriented_at_a_quarter_turn_and_its_mirror_at_minus_a_quarter()
    {
        var down = Assert.Single(ObjectMeasurer.Measure(Labels("1...", ".1..", "..1.", "...1")));
        var up = Assert.Single(ObjectMeasurer.Measure(Labels("...1", "..1.", ".1..", "1...")));
        Assert.Equal(Math.PI / 4, down.Orientation, 12);
        Assert.Equal(-Math.PI / 4, up.Orientation, 12);
        Assert.Equal(down.MajorAxisLength, up.MajorAxisLength, 12);
        Assert.Equal(0.0, down.MinorAxisLength, 12);
        Assert.Equal(4.0 / 16, down.Extent, 12);
    }

    [Fact]
    public void Feret_min_never_exceeds_feret_max_and_extent_is_at_most_one()
    {
        var rng = new Random(7);
        for (int t = 0; t < 50; t++)
        {
            var l = new int[20 * 20];
            for (int i = 0; i < l.Length; i++) l[i] = rng.Next(4) == 0 ? 1 + rng.Next(3) : 0;
            foreach (var m in ObjectMeasurer.Measure(new LabelImage(20, 20, l, 3)))
            {
                Assert.InRange(m.FeretDiameterMin, 0, m.FeretDiameterMax);
                Assert.InRange(m.Extent, 0, 1);
                Assert.True(m.FeretDiameterMax >= Math.Max(m.BboxWidth, m.BboxHeight) - 1);
                Assert.True(m.MinorAxisLength <= m.MajorAxisLength);
                Assert.InRange(m.Orientation, -Math.PI / 2, Math.PI / 2);
            }
        }
    }
}
