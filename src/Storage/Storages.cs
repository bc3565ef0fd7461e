using System.Collections.Concurrent;
using CellActors.Storage.WebHdfs;

namespace CellActors.Storage;

/// <summary>
/// Picks the storage for a location: <c>webhdfs://</c>, <c>swebhdfs://</c> and <c>hdfs://</c> URLs go to HDFS through WebHDFS
/// (one client per namenode, shared by the whole process), anything else is a local path. The WebHDFS settings come from
/// the environment (<see cref="WebHdfsOptions.FromEnvironment"/>) unless <see cref="Configure"/> set them first.
/// </summary>
public static class Storages
{
    private static readonly ConcurrentDictionary<string, WebHdfsStorage> ByNamenode = new(StringComparer.OrdinalIgnoreCase);
    private static readonly object Gate = new();
    private static WebHdfsOptions? _options;

    /// <summary>The WebHDFS settings in use.</summary>
    public static WebHdfsOptions Options
    {
        get
        {
            lock (Gate) return _options ??= WebHdfsOptions.FromEnvironment();
        }
    }

    /// <summary>Replaces the WebHDFS settings (clients made with older settings are dropped).</summary>
    public static void Configure(WebHdfsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Gate)
        {
            _options = options;
            foreach (var s in ByNamenode.Values) s.Dispose();
            ByNamenode.Clear();
        }
    }

    /// <summary>True for HDFS locations (<c>webhdfs://</c>, <c>swebhdfs://</c>, <c>hdfs://</c>).</summary>
    public static bool IsRemote(string location) => WebHdfsLocation.IsHdfs(location);

    /// <summary>The storage that serves <paramref name="location"/>.</summary>
    /// <exception cref="ArgumentException">a malformed HDFS URL.</exception>
    public static IFileStorage For(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsRemote(location)) return LocalFileStorage.Instance;
        return WebHdfs(location);
    }

    /// <summary>The WebHDFS storage for the namenode of <paramref name="location"/>.</summary>
    public static WebHdfsStorage WebHdfs(string location)
    {
        var options = Options;
        var l = WebHdfsLocation.Parse(location, options);
        return ByNamenode.GetOrAdd(l.Prefix, _ => new WebHdfsStorage(location, options));
    }
}
