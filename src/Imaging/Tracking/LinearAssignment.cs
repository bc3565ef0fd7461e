namespace CellActors.Imaging.Tracking;

/// <summary>
/// Sparse linear assignment with optional non-assignment: every row is either assigned to one column through one of
/// its candidate edges, or left unassigned at cost <c>unassignedCost</c>; every column likewise. The minimum total
/// cost is found exactly by successive shortest augmenting paths (Dijkstra over reduced costs with potentials, as in
/// the Hungarian / Jonker–Volgenant algorithms), restricted to the candidate edges, so it runs in time roughly
/// linear in the edges when the candidate graph is local (cells only link to their neighbours) and never builds the
/// dense rows × columns matrix: 5,000 × 5,000 objects cost no more memory than their candidate links.
/// </summary>
public static class LinearAssignment
{
    /// <summary>
    /// Solves the problem. An edge is only worth taking when its cost is below twice <paramref name="unassignedCost"/>
    /// (leaving both ends unassigned costs that much); edges at or above it are ignored.
    /// </summary>
    /// <returns><c>rowToColumn[r]</c> = the column assigned to row r, or −1.</returns>
    /// <exception cref="ArgumentException">an edge names a row or column out of range, or a cost is not finite.</exception>
    public static int[] Solve(int rows, int columns, IReadOnlyList<AssignmentEdge> edges, double unassignedCost)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        // Reduced form: choose a matching minimising Σ (cost − 2·unassigned); each row may instead take its own private
        // "dummy" column at cost 0. That is a rectangular assignment of every row, solved row by row.
        var start = new int[rows + 1];
        int kept = 0;
        foreach (var e in edges)
        {
            if ((uint)e.Row >= (uint)rows || (uint)e.Column >= (uint)columns)
                throw new ArgumentException($"edge ({e.Row}, {e.Column}) outside {rows} x {columns}", nameof(edges));
            if (!double.IsFinite(e.Cost)) throw new ArgumentException($"edge ({e.Row}, {e.Column}) has cost {e.Cost}", nameof(edges));
            if (e.Cost - 2 * unassignedCost >= 0) continue;
            start[e.Row + 1]++;
            kept++;
        }
        for (int r = 0; r < rows; r++) start[r + 1] += start[r];
        var adjColumn = new int[kept];
        var adjCost = new double[kept];
        var fill = (int[])start.Clone();
        foreach (var e in edges)
        {
            double c = e.Cost - 2 * unassignedCost;
            if (c >= 0) continue;
            int k = fill[e.Row]++;
            adjColumn[k] = e.Column;
            adjCost[k] = c;
        }

        int totalColumns = columns + rows; // column columns + r is row r's dummy
        var u = new double[rows];
        var v = new double[totalColumns];
        for (int r = 0; r < rows; r++)
        {
            double m = 0; // the dummy edge costs 0
            for (int k = start[r]; k < start[r + 1]; k++) m = Math.Min(m, adjCost[k]);
            u[r] = m;
        }
        var columnOwner = new int[totalColumns];
        Array.Fill(columnOwner, -1);
        var rowToColumn = new int[rows];
        Array.Fill(rowToColumn, -1);

        var dist = new double[totalColumns];
        Array.Fill(dist, double.PositiveInfinity);
        var previous = new int[totalColumns];
        var finalized = new bool[totalColumns];
        var touched = new List<int>();
        var queue = new PriorityQueue<int, double>();

        for (int s = 0; s < rows; s++)
        {
            touched.Clear();
            queue.Clear();
            void Relax(int row, double baseDist, int fromColumn)
            {
                for (int k = start[row]; k <= start[row + 1]; k++)
                {
                    int col;
                    double cost;
                    if (k == start[row + 1]) { col = columns + row; cost = 0; }
                    else { col = adjColumn[k]; cost = adjCost[k]; }
                    if (finalized[col]) continue;
                    double nd = baseDist + cost - u[row] - v[col];
                    if (nd < dist[col])
                    {
                        if (double.IsPositiveInfinity(dist[col])) touched.Add(col);
                        dist[col] = nd;
                        previous[col] = fromColumn;
                        queue.Enqueue(col, nd);
                    }
                }
            }

            Relax(s, 0, -1);
            int free = -1;
            double freeDist = 0;
            var settled = new List<int>();
            while (queue.TryDequeue(out int col, out double d))
            {
                if (finalized[col] || d > dist[col]) continue;
                finalized[col] = true;
                settled.Add(col);
                int owner = columnOwner[col];
                if (owner < 0)
                {
                    free = col;
                    freeDist = d;
                    break;
                }
                Relax(owner, d, col);
            }
            if (free < 0) throw new InvalidOperationException("no augmenting path: the private dummy column is always free");

            // Potentials: keep every reduced cost non-negative and the tree's matched edges tight.
            foreach (int col in settled)
            {
                double delta = freeDist - dist[col];
                if (delta <= 0) continue;
                v[col] -= delta;
                int owner = columnOwner[col];
                if (owner >= 0) u[owner] += delta;
            }
            u[s] += freeDist;

            // Augment along the path back to s.
            for (int col = free; ;)
            {
                int from = previous[col];
                int row = from < 0 ? s : columnOwner[from];
                columnOwner[col] = row;
                rowToColumn[row] = col;
                if (from < 0) break;
                col = from;
            }

            foreach (int col in touched)
            {
                dist[col] = double.PositiveInfinity;
                finalized[col] = false;
            }
        }

        for (int r = 0; r < rows; r++)
            if (rowToColumn[r] >= columns) rowToColumn[r] = -1;
        return rowToColumn;
    }
}
