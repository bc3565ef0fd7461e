using CellActors.TestSupport;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>8-connected labelling and per-label statistics on hand-made masks (labels as scikit-image's <c>measure.label(mask, connectivity=2)</c>, 0.19.3).</summary>
public sealed class ComponentsSpecs
{
    [Fact]
    public void Components_are_8_connected_and_numbered_in_raster_order()
    {
        using var mask = HolesSpecs.Mask(
            "##...",
            "#..#.",
            "..#..",
            "....#",
            "#..##");
        var labels = new int[25];
        Assert.Equal(5, Components.Label(mask, labels)); // four components and the background
        Assert.Equal(Grid.L(
            "11...",
            "1..2.",
            "..2..",
            "....3",
            "4..33").Labels, labels); // label(mask, connectivity=2)
    }

    [Fact]
    public void An_empty_mask_has_only_the_background_and_a_wrong_buffer_is_refused()
    {
        using var mask = HolesSpecs.Mask("...", "...");
        Assert.Equal(1, Components.Label(mask, new int[6]));
        Assert.Throws<ArgumentException>(() => Components.Label(mask, new int[5]));
    }

    [Fact]
    public void Stats_hold_the_area_and_bounding_box_of_every_label()
    {
        var img = Grid.L(
            "11..",
            "1.22",
            "..22",
            "3...");
        var s = ComponentStats.Of(img.Labels, 4, 4, 5);
        Assert.Equal([0L, 3, 4, 1, 0], s.Area);
        Assert.Equal((0, 0, 1, 1), (s.MinX[1], s.MinY[1], s.MaxX[1], s.MaxY[1]));
        Assert.Equal((2, 1, 3, 2), (s.MinX[2], s.MinY[2], s.MaxX[2], s.MaxY[2]));
        Assert.Equal((0, 3, 0, 3), (s.MinX[3], s.MinY[3], s.MaxX[3], s.MaxY[3]));
        Assert.Equal((int.MaxValue, -1), (s.MinX[4], s.MaxX[4])); // absent
        s.Grow(7);
        Assert.True(s.Area.Length >= 7);
        Assert.Equal(4, s.Area[2]);
    }
}
