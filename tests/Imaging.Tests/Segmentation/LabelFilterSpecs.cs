using CellActors.TestSupport;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>Size and border filters with sequential relabelling, on hand-made label grids.</summary>
public sealed class LabelFilterSpecs
{
    private static readonly LabelImage Labels = Grid.L(
        "1.......",
        "..222...",
        "..222.33",
        "......33",
        ".44.5...",
        ".44.....");

    [Fact]
    public void Objects_below_the_minimum_area_go_and_the_rest_are_numbered_from_one()
    {
        // Areas: 1 → 1, 2 → 6, 3 → 4, 4 → 4, 5 → 1.
        var r = LabelFilter.Apply(Labels, minArea: 2);
        Assert.Equal(3, r.Count);
        Assert.Equal(Grid.L(
            "........",
            "..111...",
            "..111.22",
            "......22",
            ".33.....",
            ".33.....").Labels, r.Labels);
    }

    [Fact]
    public void Objects_above_the_maximum_area_go_too()
    {
        var r = LabelFilter.Apply(Labels, minArea: 2, maxArea: 5);
        Assert.Equal(2, r.Count);
        Assert.Equal(0, r.Labels[1 * 8 + 2]); // object 2 (6 pixels) is gone
        Assert.Equal(1, r.Labels[2 * 8 + 7]); // object 3 is now 1
        Assert.Equal(2, r.Labels[4 * 8 + 1]); // object 4 is now 2
    }

    [Fact]
    public void Objects_touching_the_border_go_with_exclude_border()
    {
        var r = LabelFilter.Apply(Labels, minArea: 1, excludeBorder: true);
        Assert.Equal(2, r.Count); // 1 (corner), 3 (right edge) and 4 (bottom edge) touch the border
        Assert.Equal(1, r.Labels[1 * 8 + 2]);
        Assert.Equal(2, r.Labels[4 * 8 + 4]);
        Assert.Equal(7, r.Labels.Count(l => l != 0));
    }

    [Fact]
    public void The_buffer_form_rewrites_in_place_and_keeps_labels_when_all_survive()
    {
        var labels = (int[])Labels.Labels.Clone();
        var stats = ComponentStats.Of(labels, 6, 8, 6);
        var r = LabelFilter.Apply(labels, 6, 8, 6, stats.Area, minArea: 1);
        Assert.Same(labels, r.Labels);
        Assert.Equal(5, r.Count);
        Assert.Equal(Labels.Labels, labels);
    }
}
