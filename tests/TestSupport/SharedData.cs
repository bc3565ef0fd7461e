namespace CellActors.TestSupport;

/// <summary>
/// Locates the shared data (<c>shared/</c> beside the repository root, e.g. <c>/work/shared</c>: <c>datasets/</c>,
/// <c>weights/</c>) by walking up from the test assembly folder; the environment variable
/// <c>CELLACTORS_SHARED_DATASETS</c> overrides where the datasets are. The project never copies this data; tests that
/// need it use <see cref="SharedDataFactAttribute"/> or <see cref="SharedFactAttribute"/> and skip when it is absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> SharedRoot = new(() => Up("shared"));
    private static readonly Lazy<string?> Datasets = new(LocateDatasets);

    /// <summary>The <c>shared</c> folder, or null when it cannot be found.</summary>
    public static string? Root => SharedRoot.Value;

    /// <summary>The datasets folder, or null when it cannot be found.</summary>
    public static string? DatasetsRoot => Datasets.Value;

    /// <summary>Full path of <paramref name="relative"/> under the datasets folder, or null when the folder or path is absent.</summary>
    public static string? Find(string relative) => Under(DatasetsRoot, relative);

    /// <summary>Full path of <paramref name="relative"/> under the <c>shared</c> folder (e.g. <c>weights/...</c>), or null when absent.</summary>
    public static string? FindShared(string relative) => Under(Root, relative);

    /// <summary>Full path of <paramref name="relative"/> under the datasets folder; throws when absent (use inside tests guarded by <see cref="SharedDataFactAttribute"/>).</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new InvalidOperationException($"shared data '{relative}' not found under {DatasetsRoot ?? "(no shared/datasets folder)"}");

    /// <summary>Full path of <paramref name="relative"/> under the <c>shared</c> folder; throws when absent (use inside tests guarded by <see cref="SharedFactAttribute"/>).</summary>
    public static string RequireShared(string relative) =>
        FindShared(relative) ?? throw new InvalidOperationException($"shared data '{relative}' not found under {Root ?? "(no shared folder)"}");

    private static string? Under(string? root, string relative)
    {
        if (root is null) return null;
        var p = Path.Combine(root, relative);
        return File.Exists(p) || Directory.Exists(p) ? p : null;
    }

    private static string? LocateDatasets()
    {
        var env = Environment.GetEnvironmentVariable("CELLACTORS_SHARED_DATASETS");
        if (!string.IsNullOrWhiteSpace(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        return Up(Path.Combine("shared", "datasets"));
    }

    /// <summary>The first <paramref name="relative"/> folder found in the test assembly's folder or one of its parents.</summary>
    private static string? Up(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
