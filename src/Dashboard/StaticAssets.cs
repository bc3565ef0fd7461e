using System.Security.Cryptography;

namespace CellActors.Dashboard;

/// <summary>
/// The pages, scripts, styles and vendored libraries, embedded in this assembly (<c>wwwroot/</c>). A request is
/// answered only when its name is exactly one of these resources: no file system path is ever built from a URL.
/// </summary>
public static class StaticAssets
{
    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> All = new(Load);

    /// <summary>An embedded file: its bytes, content type and entity tag.</summary>
    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    /// <summary>Names of the embedded files, relative to <c>wwwroot/</c>.</summary>
    public static IEnumerable<string> Names => All.Value.Keys;

    /// <summary>The embedded file named <paramref name="name"/> (relative to <c>wwwroot/</c>), or null.</summary>
    public static Asset? Find(string name) => All.Value.TryGetValue(name, out var a) ? a : null;

    private static Dictionary<string, Asset> Load()
    {
        var asm = typeof(StaticAssets).Assembly;
        var map = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var res in asm.GetManifestResourceNames())
        {
            if (!res.StartsWith("wwwroot/", StringComparison.Ordinal)) continue;
            using var s = asm.GetManifestResourceStream(res) ?? throw new InvalidOperationException($"resource {res} missing");
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            var bytes = ms.ToArray();
            var name = res["wwwroot/".Length..];
            map[name] = new Asset(bytes, ContentType(name), "\"" + Convert.ToHexString(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
        }
        return map;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
