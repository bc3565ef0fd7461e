using Xunit;

namespace CellActors.TestSupport;

/// <summary>
/// A <see cref="FactAttribute"/> that is skipped, with the reason shown in the test report, when a shared data
/// path (relative to <c>shared/datasets</c>) is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless every one of <paramref name="relativePaths"/> exists under the shared datasets folder.</summary>
    public SharedDataFactAttribute(params string[] relativePaths)
    {
        RelativePaths = relativePaths;
        if (SharedData.DatasetsRoot is null)
        {
            Skip = "shared data not available: no 'shared/datasets' folder found above the test assembly (set CELLACTORS_SHARED_DATASETS)";
            return;
        }
        var missing = relativePaths.Where(p => SharedData.Find(p) is null).ToArray();
        if (missing.Length > 0)
            Skip = $"shared data not available: {string.Join(", ", missing)} missing under {SharedData.DatasetsRoot}";
    }

    /// <summary>The paths this test needs.</summary>
    public string[] RelativePaths { get; }
}
