using System.Globalization;

namespace CellActors.Storage.WebHdfs;

/// <summary>
/// A parsed HDFS location. <c>webhdfs://host[:port]/path</c> (HTTP, port 9870 by default) and
/// <c>swebhdfs://host[:port]/path</c> (HTTPS, 9871) name the namenode's WebHDFS endpoint directly;
/// <c>hdfs://host[:rpcport]/path</c> is mapped to <c>http://host:HttpPort</c> (<see cref="WebHdfsOptions.HttpPort"/>),
/// the RPC port being of no use to an HTTP client. Locations keep the form they were written in (<see cref="Prefix"/>).
/// </summary>
/// <param name="Prefix">Scheme and authority as written, e.g. <c>hdfs://namenode:8020</c>.</param>
/// <param name="Endpoint">The namenode's WebHDFS base, e.g. <c>http://namenode:9870</c>.</param>
/// <param name="Path">The absolute HDFS path, '/'-separated, no trailing '/' except for the root.</param>
public sealed record WebHdfsLocation(string Prefix, Uri Endpoint, string Path)
{
    /// <summary>True for <c>webhdfs://</c>, <c>swebhdfs://</c> and <c>hdfs://</c> locations.</summary>
    public static bool IsHdfs(string location) =>
        location.StartsWith("webhdfs://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("swebhdfs://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("hdfs://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a location.</summary>
    /// <exception cref="ArgumentException">not an HDFS URL, no host, or a bad port; the message quotes the location.</exception>
    public static WebHdfsLocation Parse(string location, WebHdfsOptions options)
    {
        ArgumentNullException.ThrowIfNull(location);
        int sep = location.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0 || !IsHdfs(location))
            throw new ArgumentException($"'{location}' is not an HDFS location (expected webhdfs://namenode:9870/path or hdfs://namenode:8020/path)");
        string scheme = location[..sep].ToLowerInvariant();
        string rest = location[(sep + 3)..];
        int slash = rest.IndexOf('/');
        string authority = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? "/" : rest[slash..];
        int q = path.IndexOfAny(['?', '#']);
        if (q >= 0) throw new ArgumentException($"'{location}': query strings are not supported in HDFS locations (set the user and token in the environment, see the README section 'HDFS')");
        if (authority.Length == 0)
            throw new ArgumentException($"'{location}' names no namenode host (write {scheme}://namenode:port/path)");
        string host = authority;
        int? port = null;
        int colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority.EndsWith(']'))
        {
            host = authority[..colon];
            if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1 || p > 65535)
                throw new ArgumentException($"'{location}': '{authority[(colon + 1)..]}' is not a port number");
            port = p;
        }
        if (host.Length == 0) throw new ArgumentException($"'{location}' names no namenode host");
        var (httpScheme, httpPort) = scheme switch
        {
            "webhdfs" => ("http", port ?? 9870),
            "swebhdfs" => ("https", port ?? 9871),
            _ => ("http", options.HttpPort),
        };
        var endpoint = new UriBuilder(httpScheme, host, httpPort).Uri;
        return new WebHdfsLocation($"{scheme}://{authority}", endpoint, Normalize(path));
    }

    /// <summary>The location string of <paramref name="path"/> on the same namenode, in this location's form.</summary>
    public string ToLocation(string path) => Prefix + Normalize(path);

    /// <summary>This location as a string.</summary>
    public override string ToString() => ToLocation(Path);

    /// <summary>Collapses repeated '/' and drops a trailing '/'; always absolute.</summary>
    public static string Normalize(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', parts);
    }

    /// <summary>The last segment of an HDFS path ("" for the root).</summary>
    public static string NameOf(string path)
    {
        var p = Normalize(path);
        return p[(p.LastIndexOf('/') + 1)..];
    }

    /// <summary>The parent of an HDFS path, null for the root.</summary>
    public static string? ParentOf(string path)
    {
        var p = Normalize(path);
        if (p == "/") return null;
        int i = p.LastIndexOf('/');
        return i == 0 ? "/" : p[..i];
    }

    /// <summary>Joins a folder path and a child name.</summary>
    public static string Join(string dir, string name) => Normalize(dir.TrimEnd('/') + "/" + name);
}
