namespace CellActors.Imaging.Tests.TestData;

/// <summary>
/// Locates the shared data sets (<c>shared/datasets</c> beside the repository root, e.g. <c>/work/shared/datasets</c>)
/// by walking up from the test assembly folder; the environment variable <c>CELLACTORS_SHARED_DATASETS</c> overrides it.
/// The project never copies this data; tests that need it use <see cref="SharedDataFactAttribute"/> and skip when absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The datasets folder, or null when it cannot be found.</summary>
    public static string? DatasetsRoot => Root.Value;

    /// <summary>Full path of <paramref name="relative"/> under the datasets folder, or null when the folder or path is absent.</summary>
    public static string? Find(string relative)
    {
        if (DatasetsRoot is null) return null;
        string p = Path.Combine(DatasetsRoot, relative);
        return File.Exists(p) || Directory.Exists(p) ? p : null;
    }

    /// <summary>Full path of <paramref name="relative"/>; throws when absent (use inside tests guarded by <see cref="SharedDataFactAttribute"/>).</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new InvalidOperationException($"shared data '{relative}' not found under {DatasetsRoot ?? "(no shared/datasets folder)"}");

    private static string? Locate()
    {
        string? env = Environment.GetEnvironmentVariable("CELLACTORS_SHARED_DATASETS");
        if (!string.IsNullOrWhiteSpace(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
