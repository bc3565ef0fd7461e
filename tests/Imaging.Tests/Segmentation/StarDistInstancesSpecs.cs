using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>StarDist decoding on hand-made maps: exact ray distances of known discs, two candidates per disc.</summary>
public class StarDistInstancesSpecs
{
    private const int H = 64, W = 80, Rays = 32;

    /// <summary>Three discs (centre y, centre x, radius), centres on even pixels so that grid 2 reaches them.</summary>
    internal static readonly (double Y, double X, double R)[] Discs = [(16, 18, 9), (40, 50, 11), (48, 16, 7)];

    internal static int[] Truth()
    {
        var t = new int[H * W];
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
                for (var k = 0; k < Discs.Length; k++)
                    if (Math.Pow(y - Discs[k].Y, 2) + Math.Pow(x - Discs[k].X, 2) <= Discs[k].R * Discs[k].R) t[y * W + x] = k + 1;
        return t;
    }

    /// <summary>Distance from (y, x) inside a disc to its circle along the ray at angle a (StarDist: dy = sin a, dx = cos a).</summary>
    internal static double RayToCircle(double y, double x, (double Y, double X, double R) c, double a)
    {
        double uy = Math.Sin(a), ux = Math.Cos(a), py = y - c.Y, px = x - c.X;
        var b = py * uy + px * ux;
        return -b + Math.Sqrt(b * b - (py * py + px * px - c.R * c.R));
    }

    /// <summary>Maps at <paramref name="grid"/>: probability 0.9 at each disc's centre, 0.8 at the grid point to its right, exact distances there.</summary>
    internal static (float[] Prob, float[] Dist, int Gh, int Gw) Maps(int grid)
    {
        int gh = H / grid, gw = W / grid, plane = gh * gw;
        var prob = new float[plane];
        var dist = new float[Rays * plane];
        var angles = StarDistInstances.RayAngles(Rays);
        foreach (var c in Discs)
        {
            foreach (var (dxGrid, p) in new[] { (0, 0.9f), (1, 0.8f) })
            {
                int gy = (int)c.Y / grid, gx = (int)c.X / grid + dxGrid;
                var i = gy * gw + gx;
                prob[i] = p;
                for (var k = 0; k < Rays; k++) dist[k * plane + i] = (float)RayToCircle(gy * grid, gx * grid, c, angles[k]);
            }
        }
        return (prob, dist, gh, gw);
    }

    internal static void AssertMatchesDiscs(LabelImage result)
    {
        var truth = Truth();
        Assert.Equal(Discs.Length, result.Count);
        for (var k = 1; k <= Discs.Length; k++)
        {
            var best = 0.0;
            for (var l = 1; l <= result.Count; l++)
            {
                int inter = 0, union = 0;
                for (var i = 0; i < truth.Length; i++)
                {
                    bool a = truth[i] == k, b = result.Labels[i] == l;
                    if (a && b) inter++;
                    if (a || b) union++;
                }
                best = Math.Max(best, inter / (double)union);
            }
            Assert.True(best >= 0.9, $"disc {k}: best IoU {best:F3}");
        }
    }

    [Fact]
    public void Ray_angles_start_along_x_and_turn_towards_y()
    {
        var a = StarDistInstances.RayAngles(4);
        Assert.Equal([0, Math.PI / 2, Math.PI, 3 * Math.PI / 2], a);
    }

    [Fact]
    public void Three_discs_with_two_candidates_each_give_exactly_three_instances()
    {
        var (prob, dist, gh, gw) = Maps(1);
        var result = StarDistInstances.FromRays(prob, dist, gh, gw, 1, H, W, new StarDistOptions());
        AssertMatchesDiscs(result);
    }

    [Fact]
    public void Grid_2_maps_place_candidates_at_every_second_pixel()
    {
        var (prob, dist, gh, gw) = Maps(2);
        var result = StarDistInstances.FromRays(prob, dist, gh, gw, 2, H, W, new StarDistOptions());
        AssertMatchesDiscs(result);
    }

    [Fact]
    public void A_threshold_above_every_candidate_gives_nothing()
    {
        var (prob, dist, gh, gw) = Maps(1);
        Assert.Equal(0, StarDistInstances.FromRays(prob, dist, gh, gw, 1, H, W, new StarDistOptions(ProbThreshold: 0.95)).Count);
    }

    [Fact]
    public void The_more_probable_polygon_is_painted_over_a_less_probable_one_and_suppresses_it_above_the_nms_threshold()
    {
        var (prob, dist, gh, gw) = Maps(1);
        var c = Discs[0];
        var right = (int)c.Y * gw + (int)c.X + 1;
        prob[right] = 0.95f; // more probable than the centre (0.9), and half as large: IoU about 0.25
        for (var k = 0; k < Rays; k++) dist[k * gh * gw + right] *= 0.5f;
        var both = StarDistInstances.FromRays(prob, dist, gh, gw, 1, H, W, new StarDistOptions(NmsThreshold: 0.4));
        Assert.Equal(4, both.Count);
        var small = both.Labels[(int)c.Y * W + (int)c.X];
        var large = both.Labels[(int)c.Y * W + (int)(c.X - c.R + 1)];
        Assert.NotEqual(0, small);
        Assert.NotEqual(0, large);
        Assert.NotEqual(small, large);
        var one = StarDistInstances.FromRays(prob, dist, gh, gw, 1, H, W, new StarDistOptions(NmsThreshold: 0.2));
        Assert.Equal(3, one.Count);
        Assert.Equal(0, one.Labels[(int)c.Y * W + (int)(c.X - c.R + 1)]);
    }
}
