namespace CellActors.Seed;

/// <summary>The cluster's seed node (contact point). Cluster mode is not available yet: one-process runs need no seed.</summary>
internal static class Program
{
    private static int Main()
    {
        Console.Error.WriteLine("cellactors-seed: cluster mode is not available yet; use `cellactors run` (one process). See README.md.");
        return 2;
    }
}
