namespace CellActors.Imaging;

/// <summary>Nearest-neighbour distances between object centroids within one frame.</summary>
public static class NearestNeighbours
{
    /// <summary>
    /// For each point, the Euclidean distance to the nearest other point (CellProfiler MeasureObjectNeighbors'
    /// <c>FirstClosestDistance</c>, measured between centroids); <see cref="double.NaN"/> when it is the only point.
    /// Points at the same place have distance 0. A sweep over the points sorted by x: O(n log n) for spread points.
    /// </summary>
    public static double[] Distances(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Count;
        var result = new double[n];
        if (n < 2)
        {
            Array.Fill(result, double.NaN);
            return result;
        }
        var order = Enumerable.Range(0, n).OrderBy(i => points[i].X).ToArray();
        var best = new double[n]; // squared
        Array.Fill(best, double.PositiveInfinity);
        for (int a = 0; a < n; a++)
        {
            var p = points[order[a]];
            for (int b = a + 1; b < n; b++)
            {
                var q = points[order[b]];
                double dx = q.X - p.X;
                double dx2 = dx * dx;
                if (dx2 > best[order[a]]) break; // every later point is farther in x alone
                double d = dx2 + (q.Y - p.Y) * (q.Y - p.Y);
                if (d < best[order[a]]) best[order[a]] = d;
                if (d < best[order[b]]) best[order[b]] = d;
            }
        }
        // The forward sweep stops early only for point a; a point b may still have a nearer neighbour before it, which
        // the sweep from that earlier point found (it compares in both directions until its own bound).
        for (int a = n - 1; a >= 0; a--)
        {
            var p = points[order[a]];
            for (int b = a - 1; b >= 0; b--)
            {
                var q = points[order[b]];
                double dx = p.X - q.X;
                double dx2 = dx * dx;
                if (dx2 > best[order[a]]) break;
                double d = dx2 + (q.Y - p.Y) * (q.Y - p.Y);
                if (d < best[order[a]]) best[order[a]] = d;
            }
        }
        for (int i = 0; i < n; i++) result[i] = Math.Sqrt(best[i]);
        return result;
    }
}
