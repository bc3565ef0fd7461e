using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CellActors.Architecture.Tests;

/// <summary>The repository this test assembly was built from, and its projects as their csproj files declare them.</summary>
internal static partial class Repository
{
    /// <summary>The folder holding <c>CellActors.sln</c>, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every project under <c>src/</c>: its folder name (Messages, Hosting, ...) with its project references (folder names) and packages.</summary>
    public static IReadOnlyDictionary<string, Project> Sources { get; } = Directory.GetDirectories(Path.Combine(Root, "src"))
        .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
        .Select(Load)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Every C# source file under <c>src/</c> (build output excluded), relative to the root.</summary>
    public static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal);

    /// <summary>A project: its folder name, the folder names of the projects it references, and its package ids.</summary>
    public sealed record Project(string Name, string Path, IReadOnlySet<string> References, IReadOnlySet<string> Packages);

    private static Project Load(string csproj)
    {
        var doc = XDocument.Load(csproj);
        var dir = System.IO.Path.GetDirectoryName(csproj)!;
        var refs = doc.Descendants("ProjectReference")
            .Select(e => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, e.Attribute("Include")!.Value.Replace('\\', '/'))))
            .Select(p => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(p))!)
            .ToHashSet(StringComparer.Ordinal);
        var packages = doc.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new Project(System.IO.Path.GetFileName(dir), System.IO.Path.GetRelativePath(Root, csproj), refs, packages);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CellActors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CellActors.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Top-level type declarations of a source file (house style: file-scoped namespace, types at column 0).</summary>
    public static IReadOnlyList<string> TopLevelTypes(string file) =>
        File.ReadLines(System.IO.Path.Combine(Root, file)).Select(l => TypeDeclaration().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^(?:public|internal|file)\b[^=(]*?\b(?:record\s+(?:struct|class)|class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();
}
