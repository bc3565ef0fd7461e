using CellActors.Imaging.Tracking;
using Xunit;

namespace CellActors.Imaging.Tests.Tracking;

public sealed class LinearAssignmentSpecs
{
    private static double Total(int rows, int columns, IReadOnlyList<AssignmentEdge> edges, double unassigned, int[] match)
    {
        double total = 0;
        var usedColumns = new HashSet<int>();
        for (int r = 0; r < rows; r++)
        {
            if (match[r] < 0) { total += unassigned; continue; }
            Assert.True(usedColumns.Add(match[r]), $"column {match[r]} assigned twice");
            total += edges.Where(e => e.Row == r && e.Column == match[r]).Min(e => e.Cost);
        }
        return total + unassigned * (columns - usedColumns.Count);
    }

    private static double BruteForce(int rows, int columns, IReadOnlyList<AssignmentEdge> edges, double unassigned)
    {
        double best = double.PositiveInfinity;
        var used = new bool[columns];
        void Go(int r, double acc)
        {
            if (r == rows)
            {
                best = Math.Min(best, acc + unassigned * used.Count(u => !u));
                return;
            }
            Go(r + 1, acc + unassigned);
            foreach (var e in edges.Where(e => e.Row == r))
            {
                if (used[e.Column]) continue;
                used[e.Column] = true;
                Go(r + 1, acc + e.Cost);
                used[e.Column] = false;
            }
        }
        Go(0, 0);
        return best;
    }

    [Fact]
    public void Finds_the_optimum_of_random_sparse_problems()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            int rows = rng.Next(0, 6), columns = rng.Next(0, 6);
            var edges = new List<AssignmentEdge>();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    if (rng.NextDouble() < 0.6) edges.Add(new AssignmentEdge(r, c, Math.Round(rng.NextDouble() * 3, 2)));
            double unassigned = 0.2 + rng.NextDouble();
            var match = LinearAssignment.Solve(rows, columns, edges, unassigned);
            foreach (var (r, c) in match.Select((c, r) => (r, c)).Where(x => x.c >= 0))
                Assert.Contains(edges, e => e.Row == r && e.Column == c);
            Assert.Equal(BruteForce(rows, columns, edges, unassigned), Total(rows, columns, edges, unassigned, match), 9);
        }
    }

    [Fact]
    public void Prefers_the_global_optimum_over_greedy_choices()
    {
        // Greedy takes (0,0) at 0.1 and leaves row 1 with nothing better than 1.9; the optimum is (0,1) + (1,0) = 0.4.
        var edges = new[] { new AssignmentEdge(0, 0, 0.1), new AssignmentEdge(0, 1, 0.2), new AssignmentEdge(1, 0, 0.2), new AssignmentEdge(1, 1, 1.9) };
        Assert.Equal(new[] { 1, 0 }, LinearAssignment.Solve(2, 2, edges, 1.0));
    }

    [Fact]
    public void Leaves_rows_unassigned_when_linking_costs_more_than_both_ends_alone()
    {
        var edges = new[] { new AssignmentEdge(0, 0, 2.5) };
        Assert.Equal(new[] { -1 }, LinearAssignment.Solve(1, 1, edges, 1.0));
    }

    [Fact]
    public void Rejects_edges_outside_the_problem()
    {
        Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(1, 1, [new AssignmentEdge(0, 3, 0.5)], 1));
        Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(1, 1, [new AssignmentEdge(0, 0, double.NaN)], 1));
    }
}
