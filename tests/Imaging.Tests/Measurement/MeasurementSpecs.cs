using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Measurement;

/// <summary>Hand-computed measurements on tiny label images.</summary>
public sealed class MeasurementSpecs
{
    private static LabelImage Labels(int[,] a)
    {
        int h = a.GetLength(0), w = a.GetLength(1), count = 0;
        var l = new int[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) { l[y * w + x] = a[y, x]; count = Math.Max(count, a[y, x]); }
        return new LabelImage(h, w, l, count);
    }

    [Fact]
    public void Rectangle_3x4_has_exact_area_centroid_bbox_perimeter_and_solidity()
    {
        // 3 rows x 4 columns at rows 1..3, columns 2..5 of a 6x8 frame.
        var a = new int[6, 8];
        for (int y = 1; y <= 3; y++) for (int x = 2; x <= 5; x++) a[y, x] = 1;
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(a)));
        Assert.Equal(1, m.Label);
        Assert.Equal(12, m.Area);
        Assert.Equal(3.5, m.CentroidX, 12);
        Assert.Equal(2.0, m.CentroidY, 12);
        Assert.Equal((2, 1, 4, 3), (m.BboxX, m.BboxY, m.BboxWidth, m.BboxHeight));
        Assert.Equal(14, m.Perimeter); // crack length 2 (4 + 3)
        Assert.Equal(1.0, m.Solidity);
        Assert.Equal(Math.Sqrt(48 / Math.PI), m.EquivalentDiameter, 12);
        // var x = 1.25 (columns 2..5), var y = 2/3 (rows 1..3): ecc = sqrt(1 - (2/3)/1.25).
        Assert.Equal(Math.Sqrt(1 - (2.0 / 3) / 1.25), m.Eccentricity, 12);
    }

    [Fact]
    public void Square_has_eccentricity_zero_and_line_has_one()
    {
        var a = new int[5, 9];
        for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) a[y, x] = 1;
        for (int x = 4; x < 9; x++) a[4, x] = 2;
        var ms = ObjectMeasurer.Measure(Labels(a));
        Assert.Equal(0.0, ms[0].Eccentricity, 12);
        Assert.Equal(1.0, ms[1].Eccentricity, 12);
        Assert.Equal(1.0, ms[1].Solidity);
        Assert.Equal(12, ms[1].Perimeter); // 1x5 line: 2 (5 + 1)
        Assert.Equal(12, ms[0].Perimeter); // 3x3 square touching the border still counts its border edges
    }

    [Fact]
    public void L_shape_has_solidity_five_sixths()
    {
        // x..
        // x..
        // xxx   hull of pixel centres: triangle (0,0),(0,2),(2,2) holds 6 pixel centres, the L has 5.
        var a = new int[,] { { 1, 0, 0 }, { 1, 0, 0 }, { 1, 1, 1 } };
        var m = Assert.Single(ObjectMeasurer.Measure(Labels(a)));
        Assert.Equal(5, m.Area);
        Assert.Equal(5.0 / 6.0, m.Solidity, 12);
        Assert.Equal(12, m.Perimeter);
        Assert.Equal(0.6, m.CentroidX, 12);
        Assert.Equal(1.4, m.CentroidY, 12);
    }

    [Fact]
    public void Object_with_a_hole_counts_the_hole_in_perimeter_and_single_pixel_is_solid()
    {
        var a = new int[,] { { 1, 1, 1, 0, 0 }, { 1, 0, 1, 0, 2 }, { 1, 1, 1, 0, 0 } };
        var ms = ObjectMeasurer.Measure(Labels(a));
        Assert.Equal(8, ms[0].Area);
        Assert.Equal(12 + 4, ms[0].Perimeter);
        Assert.Equal(8.0 / 9.0, ms[0].Solidity, 12);
        Assert.Equal(0.0, ms[0].Eccentricity, 12);
        Assert.Equal((1L, 4.0, 1.0, 4.0, 1.0, 0.0), (ms[1].Area, ms[1].CentroidX, ms[1].CentroidY, ms[1].Perimeter, ms[1].Solidity, ms[1].Eccentricity));
    }

    [Fact]
    public void Absent_labels_are_skipped_and_order_is_by_label()
    {
        var a = new int[,] { { 3, 0, 1 } };
        var ms = ObjectMeasurer.Measure(Labels(a));
        Assert.Equal([1, 3], ms.Select(m => m.Label));
    }

    [Fact]
    public void Frame_measurement_counts_cells_and_ratio()
    {
        var a = new int[,] { { 1, 1, 0, 0 }, { 0, 2, 0, 0 } };
        Assert.Equal(new FrameMeasurement(2, 3, 8, 3.0 / 8), FrameMeasurer.Measure(Labels(a)));
        Assert.Equal(new FrameMeasurement(0, 0, 12, 0), FrameMeasurer.Measure(LabelImage.Empty(3, 4)));
        Assert.Empty(ObjectMeasurer.Measure(LabelImage.Empty(3, 4)));
        Assert.Equal(new FrameMeasurement(0, 0, 0, 0), FrameMeasurer.Measure(LabelImage.Empty(0, 0)));
    }

    [Fact]
    public void Intensity_per_label_on_16bit_values_above_255()
    {
        using var raw = new Mat(2, 3, MatType.CV_16UC1);
        ushort[] px = [300, 1000, 5, 65535, 7, 9];
        for (int i = 0; i < 6; i++) raw.Set(i / 3, i % 3, px[i]);
        var labels = Labels(new int[,] { { 1, 1, 0 }, { 2, 0, 0 } });
        var s = IntensityStats.PerLabel(raw, labels);
        Assert.Equal(new LabelIntensity(1, 2, 1300, 300, 1000, 300.0 * 300 + 1000.0 * 1000), s[0]);
        Assert.Equal(650, s[0].Mean);
        Assert.Equal(new LabelIntensity(2, 1, 65535, 65535, 65535, 65535.0 * 65535), s[1]);
        Assert.Equal(350, s[0].Std, 9);
        var f = IntensityStats.Frame(raw);
        double mean = px.Sum(v => (double)v) / 6;
        double std = Math.Sqrt(px.Sum(v => (v - mean) * (v - mean)) / 6);
        Assert.Equal(mean, f.Mean, 9);
        Assert.Equal(std, f.Std, 6);
        Assert.Equal((5.0, 65535.0), (f.Min, f.Max));
    }

    [Fact]
    public void Intensity_per_label_on_float_and_8bit_and_absent_label()
    {
        using var raw = new Mat(1, 4, MatType.CV_32FC1);
        float[] px = [-1.5f, 2.25f, 0.5f, 10f];
        for (int i = 0; i < 4; i++) raw.Set(0, i, px[i]);
        var labels = new LabelImage(1, 4, [1, 1, 3, 0], 3);
        var s = IntensityStats.PerLabel(raw, labels);
        Assert.Equal(new LabelIntensity(1, 2, 0.75, -1.5, 2.25, 1.5 * 1.5 + 2.25 * 2.25), s[0]);
        Assert.Equal(new LabelIntensity(2, 0, 0, 0, 0), s[1]);
        Assert.Equal(new LabelIntensity(3, 1, 0.5, 0.5, 0.5, 0.25), s[2]);
        Assert.Equal(new FrameIntensity(2.8125, -1.5, 10, Math.Sqrt(px.Sum(v => (v - 2.8125) * (v - 2.8125)) / 4)), IntensityStats.Frame(raw) with { Std = Math.Sqrt(px.Sum(v => (v - 2.8125) * (v - 2.8125)) / 4) });

        using var b = new Mat(1, 3, MatType.CV_8UC1, new Scalar(200));
        var sb = IntensityStats.PerLabel(b, new LabelImage(1, 3, [1, 1, 1], 1));
        Assert.Equal(new LabelIntensity(1, 3, 600, 200, 200, 3 * 200.0 * 200), sb[0]);
        Assert.Throws<ArgumentException>(() => IntensityStats.PerLabel(b, LabelImage.Empty(2, 3)));
    }
}
