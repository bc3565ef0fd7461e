using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>Cellpose decoding on hand-made flows: unit vectors toward the centres of known discs.</summary>
public class CellposeInstancesSpecs
{
    private const int H = 64, W = 80;

    /// <summary>Three discs (centre y, centre x, radius) and a speck of 13 pixels that min_size removes.</summary>
    internal static readonly (double Y, double X, double R)[] Discs = [(16, 18, 9), (40, 50, 11), (48, 16, 7), (10, 70, 2)];

    internal static int[] Truth(int count)
    {
        var t = new int[H * W];
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
                for (var k = 0; k < count; k++)
                    if (Math.Pow(y - Discs[k].Y, 2) + Math.Pow(x - Discs[k].X, 2) <= Discs[k].R * Discs[k].R) t[y * W + x] = k + 1;
        return t;
    }

    /// <summary>dY, dX (unit vectors toward the disc's centre, 0 at the centre and outside) and cellprob (+4 inside, -4 outside).</summary>
    internal static (float[] Dy, float[] Dx, float[] Cellprob) Maps()
    {
        var t = Truth(Discs.Length);
        var (dy, dx, cp) = (new float[H * W], new float[H * W], new float[H * W]);
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
            {
                var i = y * W + x;
                cp[i] = t[i] > 0 ? 4 : -4;
                if (t[i] == 0) continue;
                var c = Discs[t[i] - 1];
                double vy = c.Y - y, vx = c.X - x, n = Math.Sqrt(vy * vy + vx * vx);
                if (n > 0) (dy[i], dx[i]) = ((float)(vy / n), (float)(vx / n));
            }
        return (dy, dx, cp);
    }

    /// <summary>The labels of <paramref name="result"/> equal the first three discs exactly (up to renumbering).</summary>
    internal static void AssertEqualsDiscs(LabelImage result)
    {
        var truth = Truth(3);
        Assert.Equal(3, result.Count);
        var map = new Dictionary<int, int>();
        for (var i = 0; i < truth.Length; i++)
        {
            if (truth[i] == 0)
            {
                Assert.Equal(0, result.Labels[i]);
                continue;
            }
            Assert.NotEqual(0, result.Labels[i]);
            if (map.TryGetValue(truth[i], out var l)) Assert.Equal(l, result.Labels[i]);
            else map[truth[i]] = result.Labels[i];
        }
        Assert.Equal(3, map.Values.Distinct().Count());
    }

    [Fact]
    public void Flows_toward_three_disc_centres_give_exactly_the_three_discs()
    {
        var (dy, dx, cp) = Maps();
        AssertEqualsDiscs(CellposeInstances.FromFlows(dy, dx, cp, H, W, new CellposeOptions()));
    }

    [Fact]
    public void Min_size_0_keeps_the_speck_and_a_high_cellprob_threshold_keeps_nothing()
    {
        var (dy, dx, cp) = Maps();
        Assert.Equal(4, CellposeInstances.FromFlows(dy, dx, cp, H, W, new CellposeOptions(MinSize: 0)).Count);
        Assert.Equal(0, CellposeInstances.FromFlows(dy, dx, cp, H, W, new CellposeOptions(CellprobThreshold: 5)).Count);
    }

    [Fact]
    public void Without_steps_no_pixel_reaches_a_sink()
    {
        var (dy, dx, cp) = Maps();
        Assert.Equal(0, CellposeInstances.FromFlows(dy, dx, cp, H, W, new CellposeOptions(Niter: 0)).Count);
    }
}
