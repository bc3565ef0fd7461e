using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>The distance-transform watershed split on drawn masks: two overlapping discs, one disc, seeds too shallow.</summary>
public sealed class DistanceWatershedSpecs
{
    private static Mat Discs(params (int X, int Y, int R)[] discs)
    {
        var mask = new Mat(40, 64, MatType.CV_8UC1, Scalar.All(0));
        foreach (var (x, y, r) in discs) Cv2.Circle(mask, new Point(x, y), r, Scalar.All(255), -1, LineTypes.Link8);
        return mask;
    }

    private static (int[] Labels, ComponentStats Stats, int Count) Label(Mat mask)
    {
        var labels = new int[mask.Rows * mask.Cols];
        int n = Components.Label(mask, labels);
        return (labels, ComponentStats.Of(labels, mask.Rows, mask.Cols, n), n);
    }

    [Fact]
    public void Two_overlapping_discs_become_two_objects_that_share_the_mask_between_them()
    {
        using var mask = Discs((20, 20, 10), (40, 20, 10));
        var (labels, stats, n) = Label(mask);
        Assert.Equal(2, n); // one component and the background
        long area = stats.Area[1];

        int next = DistanceWatershed.Split(mask, labels, stats, n, minPeakDistance: 5, peakMinHeight: 3);

        Assert.Equal(3, next); // label 1 keeps the first seed's region, label 2 is new
        Assert.Equal(1, labels[20 * 64 + 20]); // each disc's centre is in its own object
        Assert.Equal(2, labels[20 * 64 + 40]);
        Assert.Equal(area, stats.Area[1] + stats.Area[2]); // every mask pixel still belongs to one of them
        Assert.Equal(area, labels.Count(l => l != 0));
        Assert.Equal(stats.Area[1], labels.Count(l => l == 1));
        // Split at the waist (x = 30): left of it all is object 1; right of it all is object 2 but for the six
        // watershed-line pixels at the tips of the right disc's bounding box, which have no region as a 4-neighbour and
        // so keep the component's label.
        int leftStrays = 0, rightStrays = 0;
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 64; x++)
            {
                int l = labels[y * 64 + x];
                if (x < 30 && l == 2) leftStrays++;
                if (x > 30 && l == 1) rightStrays++;
            }
        Assert.Equal((0, 6), (leftStrays, rightStrays));
    }

    [Fact]
    public void One_disc_is_left_alone()
    {
        using var mask = Discs((30, 20, 12));
        var (labels, stats, n) = Label(mask);
        var before = (int[])labels.Clone();
        Assert.Equal(n, DistanceWatershed.Split(mask, labels, stats, n, minPeakDistance: 5, peakMinHeight: 3));
        Assert.Equal(before, labels);
    }

    [Fact]
    public void Seeds_shallower_than_the_minimum_height_do_not_split()
    {
        using var mask = Discs((20, 20, 10), (40, 20, 10));
        var (labels, stats, n) = Label(mask);
        var before = (int[])labels.Clone();
        Assert.Equal(n, DistanceWatershed.Split(mask, labels, stats, n, minPeakDistance: 5, peakMinHeight: 11)); // the discs are 10 deep
        Assert.Equal(before, labels);
    }
}
