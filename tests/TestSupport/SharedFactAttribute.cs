using Xunit;

namespace CellActors.TestSupport;

/// <summary>A <see cref="FactAttribute"/> that needs paths under <c>shared/</c> (weights, datasets); skipped with the reason when one is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless every one of <paramref name="relativePaths"/> exists under the <c>shared</c> folder.</summary>
    public SharedFactAttribute(params string[] relativePaths)
    {
        var missing = relativePaths.Where(p => SharedData.FindShared(p) is null).ToArray();
        if (missing.Length > 0) Skip = $"shared data '{string.Join(", ", missing)}' not found beside the repository (../shared)";
    }
}
