using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

public class ProbabilityInstancesSpecs
{
    private const int H = 64, W = 96;

    /// <summary>Two discs of radius 14 touching along x = 48 (left disc centred at 34, right at 62).</summary>
    private static int[] TwoTouchingDiscs()
    {
        var truth = new int[H * W];
        for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
        {
            double dl = Math.Sqrt((x - 34.0) * (x - 34) + (y - 32.0) * (y - 32)), dr = Math.Sqrt((x - 62.0) * (x - 62) + (y - 32.0) * (y - 32));
            if (dl <= 14 && x < 48) truth[y * W + x] = 1;
            else if (dr <= 14 && x >= 48) truth[y * W + x] = 2;
        }
        return truth;
    }

    /// <summary>Ideal network output for a label image: interior 1 inside objects, boundary 1 where a neighbour differs.</summary>
    private static (float[] Interior, float[] Boundary) Ideal(int[] truth)
    {
        var interior = new float[truth.Length];
        var boundary = new float[truth.Length];
        for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
        {
            int l = truth[y * W + x];
            if (l == 0) continue;
            bool edge = false;
            for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                int yy = Math.Clamp(y + dy, 0, H - 1), xx = Math.Clamp(x + dx, 0, W - 1);
                edge |= truth[yy * W + xx] != l;
            }
            (edge ? boundary : interior)[y * W + x] = 1f;
        }
        return (interior, boundary);
    }

    [Fact]
    public void Touching_cells_split_along_the_predicted_boundary_and_keep_every_pixel()
    {
        var truth = TwoTouchingDiscs();
        var (interior, boundary) = Ideal(truth);
        var labels = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions());
        Assert.Equal(2, labels.Count);
        int left = labels.Labels[32 * W + 34], right = labels.Labels[32 * W + 62];
        Assert.NotEqual(left, right);
        int mismatched = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            Assert.Equal(truth[i] != 0, labels.Labels[i] != 0);
            if (truth[i] != 0 && labels.Labels[i] != (truth[i] == 1 ? left : right)) mismatched++;
        }
        Assert.True(mismatched <= 2, $"{mismatched} pixels assigned to the wrong cell");
    }

    [Fact]
    public void An_object_with_only_boundary_pixels_is_kept_as_one_object()
    {
        var interior = new float[H * W];
        var boundary = new float[H * W];
        for (int x = 10; x < 30; x++) boundary[20 * W + x] = boundary[21 * W + x] = 1f;   // a 2-pixel-thin streak: no interior
        var labels = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(MinArea: 8));
        Assert.Equal(1, labels.Count);
        Assert.Equal(40, labels.Labels.Count(l => l == 1));
    }

    [Fact]
    public void Objects_below_the_minimum_area_are_dropped_and_labels_stay_dense()
    {
        var interior = new float[H * W];
        var boundary = new float[H * W];
        void Square(int y0, int x0, int size) { for (int y = y0; y < y0 + size; y++) for (int x = x0; x < x0 + size; x++) interior[y * W + x] = 0.9f; }
        Square(2, 2, 2);     // 4 pixels
        Square(10, 10, 6);   // 36 pixels
        Square(40, 60, 5);   // 25 pixels
        var labels = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(MinArea: 8));
        Assert.Equal(2, labels.Count);
        Assert.Equal(36, labels.Labels.Count(l => l == 1));
        Assert.Equal(25, labels.Labels.Count(l => l == 2));
        Assert.Equal(0, labels.Labels[2 * W + 2]);
    }

    [Fact]
    public void A_small_seed_inside_a_nucleus_does_not_cut_it_in_two()
    {
        // One 20x20 nucleus whose confident interior is a big block and, past a dark gap, a 2x2 speck (a textured
        // nucleus): with every component seeding it splits in two; with a minimum seed area it stays one object.
        var interior = new float[H * W];
        var boundary = new float[H * W];
        for (int y = 10; y < 30; y++) for (int x = 10; x < 30; x++) { interior[y * W + x] = 0.3f; boundary[y * W + x] = 0.6f; }
        for (int y = 12; y < 28; y++) for (int x = 12; x < 22; x++) interior[y * W + x] = 0.9f;
        for (int y = 15; y < 17; y++) for (int x = 25; x < 27; x++) interior[y * W + x] = 0.9f;
        Assert.Equal(2, ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions()).Count);
        var one = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(MinSeedArea: 5));
        Assert.Equal(1, one.Count);
        Assert.Equal(400, one.Labels.Count(l => l == 1));
    }

    [Fact]
    public void A_relative_seed_minimum_follows_the_typical_object_of_the_frame()
    {
        // The textured nucleus above: a first pass with every seed finds it in two (a ~380-pixel object and the speck's
        // small one); only the large one counts (>= MinSeedArea 100), so the minimum becomes min(100, share x 380 rounded up).
        var interior = new float[H * W];
        var boundary = new float[H * W];
        for (int y = 10; y < 30; y++) for (int x = 10; x < 30; x++) { interior[y * W + x] = 0.3f; boundary[y * W + x] = 0.6f; }
        for (int y = 12; y < 28; y++) for (int x = 12; x < 22; x++) interior[y * W + x] = 0.9f;
        for (int y = 15; y < 17; y++) for (int x = 25; x < 27; x++) interior[y * W + x] = 0.9f;
        var first = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions());
        var typical = ProbabilityInstances.TypicalArea(first, 100);
        Assert.InRange(typical, 300, 399);
        int Count(double share) => ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(MinSeedArea: 100, RelativeSeedArea: share)).Count;
        Assert.Equal(1, Count(0));                        // the fixed minimum: the speck seeds nothing
        Assert.Equal(2, Count(4.0 / typical));            // minimum 4: the 4-pixel speck seeds again
        Assert.Equal(1, Count(5.0 / typical));            // minimum 5: it does not
        Assert.Equal(1, Count(0.5));                      // never above the fixed minimum
        Assert.Contains("relative_seed_area=0.2", new InstanceOptions(MinSeedArea: 100, RelativeSeedArea: 0.2).Describe());
    }

    [Fact]
    public void The_typical_area_is_the_area_weighted_median_of_the_counted_objects()
    {
        // Areas 10, 50, 200 and 300 pixels; objects under 20 pixels do not count: 50 + 200 < 550 / 2 <= 50 + 200 + 300.
        var labels = new int[H * W];
        var next = 0;
        foreach (var area in new[] { 10, 50, 200, 300 })
        {
            next++;
            for (int k = 0, placed = 0; placed < area; k++)
                if (labels[k] == 0) { labels[k] = next; placed++; }
        }
        var image = new LabelImage(H, W, labels, next);
        Assert.Equal(300, ProbabilityInstances.TypicalArea(image, 20));
        Assert.Equal(int.MaxValue, ProbabilityInstances.TypicalArea(image, 1000));
    }

    [Fact]
    public void An_object_whose_only_seeds_are_small_is_still_kept()
    {
        var interior = new float[H * W];
        var boundary = new float[H * W];
        for (int y = 10; y < 16; y++) for (int x = 10; x < 16; x++) { interior[y * W + x] = 0.9f; }
        var labels = ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(MinSeedArea: 100));
        Assert.Equal(1, labels.Count);
        Assert.Equal(36, labels.Labels.Count(l => l == 1));
    }

    [Fact]
    public void Sizes_are_in_the_models_pixels_when_maps_come_from_a_smaller_frame()
    {
        var o = new InstanceOptions(MinArea: 8, MinPeakDistance: 4, MinSeedArea: 10);
        Assert.Same(o, o.AtScale(1.0));
        var half = o.AtScale(0.5);
        Assert.Equal((32, 8, 40), (half.MinArea, half.MinPeakDistance, half.MinSeedArea));
        Assert.Equal((0.5, 0.5), (half.SeedThreshold, half.ForegroundThreshold));
        Assert.Equal(23, o.AtScale(0.59).MinArea);   // 8 / 0.59² = 22.98, rounded up
        Assert.Throws<ArgumentOutOfRangeException>(() => o.AtScale(0));
        Assert.DoesNotContain("min_seed_area", new InstanceOptions().Describe());   // fingerprints of older jobs unchanged
        Assert.Contains("min_seed_area=10", o.Describe());
    }

    [Fact]
    public void Thresholds_decide_what_is_foreground_and_what_seeds()
    {
        var interior = new float[H * W];
        var boundary = new float[H * W];
        for (int y = 10; y < 20; y++) for (int x = 10; x < 20; x++) { interior[y * W + x] = 0.3f; boundary[y * W + x] = 0.3f; }
        Assert.Equal(1, ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions()).Count);   // 0.6 > 0.5, no seed
        Assert.Equal(0, ProbabilityInstances.FromInteriorBoundary(interior, boundary, H, W, new InstanceOptions(ForegroundThreshold: 0.7)).Count);
    }

    [Fact]
    public void Foreground_models_split_two_overlapping_discs_by_the_distance_transform()
    {
        var truth = TwoTouchingDiscs();
        var fg = truth.Select(l => l != 0 ? 0.95f : 0.05f).ToArray();
        var labels = ProbabilityInstances.FromForeground(fg, H, W, new InstanceOptions(MinPeakDistance: 6));
        Assert.Equal(2, labels.Count);
        var left = labels.Labels[32 * W + 30];
        var right = labels.Labels[32 * W + 66];
        Assert.NotEqual(0, left);
        Assert.NotEqual(0, right);
        Assert.NotEqual(left, right);
        for (int i = 0; i < truth.Length; i++) Assert.Equal(truth[i] != 0, labels.Labels[i] != 0);
    }

    [Fact]
    public void Empty_maps_give_no_objects_and_wrong_sizes_are_refused()
    {
        Assert.Equal(0, ProbabilityInstances.FromForeground(new float[H * W], H, W, new InstanceOptions()).Count);
        Assert.Equal(0, ProbabilityInstances.FromInteriorBoundary(new float[H * W], new float[H * W], H, W, new InstanceOptions()).Count);
        var e = Assert.Throws<ArgumentException>(() => ProbabilityInstances.FromForeground(new float[10], H, W, new InstanceOptions()));
        Assert.Contains("expected 64 x 96", e.Message);
    }
}
