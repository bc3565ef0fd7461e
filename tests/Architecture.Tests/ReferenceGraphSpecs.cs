using Xunit;

namespace CellActors.Architecture.Tests;

/// <summary>
/// The project reference graph of README's "Project layout": which project may use which. A reference outside it
/// (a kernel library reaching for storage or actors, the domain reaching for its hosts, a cycle) fails here, naming
/// the project and the reference. A new project must be added to <see cref="Allowed"/> (and to the README).
/// </summary>
public sealed class ReferenceGraphSpecs
{
    /// <summary>Project (folder under src/) → the projects it may reference directly.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Storage"] = [],
        ["Messages"] = [],
        ["Imaging"] = [],
        ["Reading"] = ["Imaging", "Storage"],
        ["Inference"] = ["Imaging"],
        ["Results"] = ["Messages", "Imaging", "Reading", "Storage"],
        ["Coordinator"] = ["Messages", "Results", "Reading"],
        ["GpuWorker"] = ["Messages", "Imaging", "Reading", "Inference", "Results"],
        ["Cluster"] = ["Messages"],
        ["Dashboard"] = ["Results", "Imaging", "Reading"],
        ["Hosting"] = ["Messages", "Results", "Reading", "Inference", "Coordinator", "GpuWorker", "Cluster", "Dashboard"],
        ["Cli"] = ["Hosting"],
    };

    /// <summary>Packages a project must not use: the kernels use OpenCV only, the domain and the actors host nothing.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ForbiddenPackagePrefixes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Imaging"] = ["Akka", "Microsoft.ML.OnnxRuntime", "MySqlConnector", "Microsoft.Data.Sqlite", "Polly", "BitMiracle", "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore"],
        ["Reading"] = ["Akka", "Microsoft.ML.OnnxRuntime", "MySqlConnector", "Microsoft.Data.Sqlite"],
        ["Inference"] = ["Akka", "MySqlConnector", "Microsoft.Data.Sqlite"],
        ["Messages"] = ["Microsoft.ML.OnnxRuntime", "OpenCvSharp4", "MySqlConnector", "Microsoft.Data.Sqlite", "Akka.Persistence", "Akka.Cluster"],
        ["Coordinator"] = ["Akka.Hosting", "Akka.Cluster.Hosting", "Akka.Persistence.Sql", "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore", "Microsoft.ML.OnnxRuntime"],
        ["GpuWorker"] = ["Akka.Hosting", "Akka.Cluster", "Akka.Persistence", "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore"],
        ["Results"] = ["Akka"],
        ["Storage"] = ["Akka", "OpenCvSharp4"],
    };

    [Fact]
    public void Every_source_project_is_in_the_graph()
    {
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), Repository.Sources.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_project_references_one_the_graph_does_not_allow()
    {
        var forbidden = Repository.Sources.Values
            .SelectMany(p => p.References.Where(r => !Allowed.GetValueOrDefault(p.Name, []).Contains(r)).Select(r => $"{p.Path} references {r}"))
            .ToList();
        Assert.True(forbidden.Count == 0, "references outside the graph (README, Project layout):\n" + string.Join("\n", forbidden));
    }

    [Fact]
    public void No_project_uses_a_package_its_layer_must_not()
    {
        var forbidden = Repository.Sources.Values
            .SelectMany(p => p.Packages
                .Where(pkg => ForbiddenPackagePrefixes.GetValueOrDefault(p.Name, []).Any(f => pkg.Equals(f, StringComparison.OrdinalIgnoreCase) || pkg.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase)))
                .Where(pkg => !pkg.Equals("Akka.Analyzers", StringComparison.OrdinalIgnoreCase))
                .Select(pkg => $"{p.Path} uses {pkg}"))
            .ToList();
        Assert.True(forbidden.Count == 0, "packages a project must not use:\n" + string.Join("\n", forbidden));
    }

    [Fact]
    public void The_graph_has_no_cycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string p, Stack<string> path)
        {
            if (state.GetValueOrDefault(p) == 2) return;
            Assert.False(state.GetValueOrDefault(p) == 1, "cycle: " + string.Join(" -> ", path.Reverse().Append(p)));
            state[p] = 1;
            path.Push(p);
            foreach (var r in Repository.Sources.TryGetValue(p, out var proj) ? proj.References : new HashSet<string>()) Visit(r, path);
            path.Pop();
            state[p] = 2;
        }
        foreach (var p in Repository.Sources.Keys) Visit(p, new Stack<string>());
    }

    [Fact]
    public void The_checks_see_the_references_they_guard()
    {
        // The csproj reader itself: the host's composition root references the domain and the workers.
        Assert.Contains("Coordinator", Repository.Sources["Hosting"].References);
        Assert.Contains("OpenCvSharp4", Repository.Sources["Imaging"].Packages);
        Assert.Empty(Repository.Sources["Imaging"].References);
    }
}
