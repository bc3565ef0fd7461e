namespace CellActors.Storage.WebHdfs;

/// <summary>
/// HDFS through WebHDFS as an <see cref="IFileStorage"/>, for every location on one namenode (see <see cref="WebHdfsLocation"/>
/// for the accepted forms). Reads are ranged <c>OPEN</c> requests; writes go to a temporary name beside the target
/// (<c>CREATE</c>) and are then renamed over it (<c>RENAME</c>, after <c>DELETE</c> of an existing target, as WebHDFS's
/// rename does not overwrite).
/// </summary>
public sealed class WebHdfsStorage : IFileStorage, IDisposable
{
    private readonly WebHdfsOptions _options;

    /// <summary>Creates the storage for the namenode of <paramref name="anyLocation"/>.</summary>
    public WebHdfsStorage(string anyLocation, WebHdfsOptions options)
    {
        _options = options;
        var l = WebHdfsLocation.Parse(anyLocation, options);
        Prefix = l.Prefix;
        Client = new WebHdfsClient(l.Endpoint, options, l.Prefix);
    }

    /// <summary>Scheme and authority of the locations this storage serves, e.g. <c>hdfs://namenode:8020</c>.</summary>
    public string Prefix { get; }

    /// <summary>The underlying client (its counters say how many bytes and requests went over the wire).</summary>
    public WebHdfsClient Client { get; }

    /// <inheritdoc />
    public bool IsLocal => false;

    private string PathOf(string location) => WebHdfsLocation.Parse(location, _options).Path;

    /// <inheritdoc />
    public StorageEntry? Stat(string location)
    {
        var path = PathOf(location);
        try
        {
            var s = Client.GetFileStatus(path);
            return new StorageEntry(Prefix + path, WebHdfsLocation.NameOf(path), s.IsDirectory, s.Length, s.ModificationTime);
        }
        catch (WebHdfsFileNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StorageEntry> List(string directory)
    {
        var path = PathOf(directory);
        var entries = Client.ListStatus(path)
            .Where(s => s.PathSuffix.Length > 0)
            .Select(s => new StorageEntry(Prefix + WebHdfsLocation.Join(path, s.PathSuffix), s.PathSuffix, s.IsDirectory, s.Length, s.ModificationTime))
            .ToArray();
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    /// <inheritdoc />
    public Stream OpenRead(string location, StorageEntry? known = null)
    {
        var path = PathOf(location);
        long length, modified;
        if (known is { IsDirectory: false })
        {
            (length, modified) = (known.Length, known.ModifiedUnixMs);
        }
        else
        {
            var s = Client.GetFileStatus(path);
            if (s.IsDirectory) throw new IOException($"{location}: is a folder, not a file");
            (length, modified) = (s.Length, s.ModificationTime);
        }
        return new RemoteReadStream(Prefix + path, length, modified, (offset, buffer) => Client.Read(path, offset, buffer), _options.ReadAheadBytes);
    }

    /// <inheritdoc />
    public string Combine(string directory, string name) => directory.TrimEnd('/') + "/" + name;

    /// <inheritdoc />
    public string? Parent(string location) =>
        WebHdfsLocation.ParentOf(PathOf(location)) is { } p ? Prefix + p : null;

    /// <inheritdoc />
    public Task CreateDirectoryAsync(string directory, CancellationToken ct = default) => Mkdirs(PathOf(directory), directory, ct);

    private async Task Mkdirs(string path, string location, CancellationToken ct)
    {
        if (!await Client.MkdirsAsync(path, ct).ConfigureAwait(false))
            throw new IOException($"{location}: HDFS refused to create the folder (MKDIRS returned false)");
    }

    /// <inheritdoc />
    public async Task UploadAtomicAsync(string localFile, string location, CancellationToken ct = default)
    {
        var path = PathOf(location);
        var parent = WebHdfsLocation.ParentOf(path) ?? throw new ArgumentException($"{location}: cannot write the root folder");
        await Mkdirs(parent, Prefix + parent, ct).ConfigureAwait(false);
        var temp = WebHdfsLocation.Join(parent, LocalFileStorage.TempName(WebHdfsLocation.NameOf(path)));
        bool renamed = false;
        try
        {
            await using (var src = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
                await Client.CreateAsync(temp, src, overwrite: true, ct).ConfigureAwait(false);
            renamed = await Client.RenameAsync(temp, path, ct).ConfigureAwait(false);
            if (!renamed)
            {
                // WebHDFS RENAME does not overwrite: remove the old file, then rename (readers see the old file, nothing, or the new one; never a partial one).
                var existing = Stat(location);
                if (existing is { IsDirectory: true })
                    throw new IOException($"{location}: a folder of that name exists; not replaced by a file");
                if (existing is not null) await Client.DeleteAsync(path, recursive: false, ct).ConfigureAwait(false);
                renamed = await Client.RenameAsync(temp, path, ct).ConfigureAwait(false);
                if (!renamed) throw new IOException($"{location}: HDFS refused to rename the temporary file {Prefix + temp} to it");
            }
        }
        finally
        {
            if (!renamed)
            {
                try { await Client.DeleteAsync(temp, recursive: false, CancellationToken.None).ConfigureAwait(false); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException) { /* best effort: the original error matters */ }
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string location, bool recursive, CancellationToken ct = default) =>
        Client.DeleteAsync(PathOf(location), recursive, ct);

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
