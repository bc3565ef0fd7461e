using Xunit;
using static CellActors.Imaging.Tests.Measurement.ShapeMeasurementSpecs;

namespace CellActors.Imaging.Tests.Measurement;

/// <summary>Euler numbers, touching neighbours and nearest-neighbour distances on hand-drawn label images.</summary>
public sealed class TopologySpecs
{
    [Fact]
    public void A_ring_has_euler_number_zero_and_a_ring_with_two_holes_minus_one()
    {
        var ms = ObjectMeasurer.Measure(Labels(
            "111.22222",
            "1.1.2.2.2",
            "111.22222"));
        Assert.Equal(0, ms[0].EulerNumber);
        Assert.Equal(-1, ms[1].EulerNumber);
    }

    [Fact]
    public void Euler_number_counts_pieces_with_8_connectivity_and_a_hole_filled_by_another_label_is_still_a_hole()
    {
        var ms = ObjectMeasurer.Measure(Labels(
            "1....3.3",
            ".1......",
            "......22",
            "......2.",
            "444.....",
            "454.....",
            "444....."));
        Assert.Equal(1, ms[0].EulerNumber); // diagonal pixels: one 8-connected piece
        Assert.Equal(1, ms[1].EulerNumber);
        Assert.Equal(2, ms[2].EulerNumber); // two pieces of one label
        Assert.Equal(0, ms[3].EulerNumber); // ring around label 5
        Assert.Equal(1, ms[4].EulerNumber);
        Assert.Equal((1, 1), (ms[3].Neighbours, ms[4].Neighbours));
    }

    [Fact]
    public void Two_touching_squares_and_a_far_pair_touching_at_a_corner()
    {
        var ms = ObjectMeasurer.Measure(Labels(
            "1122......",
            "1122......",
            "..........",
            "......33..",
            "......33..",
            "........44",
            "........44",
            "5.........",
            "..6......."));
        Assert.Equal([1, 1, 1, 1, 0, 0], ms.Select(m => m.Neighbours)); // 3 and 4 touch at a corner; 5 and 6 have a gap
        Assert.Equal(2.0, ms[0].NearestNeighbourDistance, 12); // centroids (0.5, 0.5) and (2.5, 0.5)
        Assert.Equal(2.0, ms[1].NearestNeighbourDistance, 12);
        Assert.Equal(Math.Sqrt(8), ms[2].NearestNeighbourDistance, 12); // (6.5, 3.5) and (8.5, 5.5)
        Assert.Equal(Math.Sqrt(8), ms[3].NearestNeighbourDistance, 12);
        Assert.Equal(Math.Sqrt(5), ms[4].NearestNeighbourDistance, 12); // (0, 7) and (2, 8)
        Assert.Equal(Math.Sqrt(5), ms[5].NearestNeighbourDistance, 12);
    }

    [Fact]
    public void An_object_alone_has_no_neighbours_and_no_nearest_distance()
    {
        var m = Assert.Single(ObjectMeasurer.Measure(Labels("....", ".11.", "....")));
        Assert.Equal(0, m.Neighbours);
        Assert.True(double.IsNaN(m.NearestNeighbourDistance));
    }

    [Fact]
    public void Nearest_neighbour_distances_equal_the_brute_force_ones()
    {
        var rng = new Random(3);
        for (int t = 0; t < 30; t++)
        {
            var pts = Enumerable.Range(0, rng.Next(1, 60)).Select(_ => (X: rng.Next(40) + rng.NextDouble(), Y: rng.NextDouble() * 40)).ToList();
            var got = NearestNeighbours.Distances(pts);
            for (int i = 0; i < pts.Count; i++)
            {
                var expected = pts.Where((_, j) => j != i).Select(q => Math.Sqrt((q.X - pts[i].X) * (q.X - pts[i].X) + (q.Y - pts[i].Y) * (q.Y - pts[i].Y)))
                    .DefaultIfEmpty(double.NaN).Min();
                Assert.Equal(expected, got[i], 12);
            }
        }
    }
}
