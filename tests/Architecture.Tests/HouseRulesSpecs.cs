using Xunit;

namespace CellActors.Architecture.Tests;

/// <summary>House rules a compiler does not check.</summary>
public sealed class HouseRulesSpecs
{
    [Fact]
    public void Every_source_file_declares_one_top_level_type()
    {
        var crowded = Repository.SourceFiles()
            .Select(f => (File: f, Types: Repository.TopLevelTypes(f)))
            .Where(f => f.Types.Count > 1)
            .Select(f => $"{f.File}: {string.Join(", ", f.Types)}")
            .ToList();
        Assert.True(crowded.Count == 0, "files with several top-level types:\n" + string.Join("\n", crowded));
    }

    [Fact]
    public void Every_project_with_actors_uses_the_akka_analyzers()
    {
        var missing = Repository.Sources.Values
            .Where(p => Repository.SourceFiles().Any(f => f.StartsWith($"src{Path.DirectorySeparatorChar}{p.Name}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                                           && File.ReadAllText(Path.Combine(Repository.Root, f)).Contains("using Akka.Actor;", StringComparison.Ordinal)))
            .Where(p => !p.Packages.Contains("Akka.Analyzers"))
            .Select(p => p.Path)
            .ToList();
        Assert.True(missing.Count == 0, "projects using Akka.Actor without Akka.Analyzers:\n" + string.Join("\n", missing));
    }
}
