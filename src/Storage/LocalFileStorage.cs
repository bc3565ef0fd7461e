namespace CellActors.Storage;

/// <summary>The local file system: direct file access, nothing in between.</summary>
public sealed class LocalFileStorage : IFileStorage
{
    /// <summary>The one instance.</summary>
    public static LocalFileStorage Instance { get; } = new();

    private LocalFileStorage() { }

    /// <inheritdoc />
    public bool IsLocal => true;

    /// <inheritdoc />
    public StorageEntry? Stat(string location)
    {
        var full = Path.GetFullPath(location);
        if (File.Exists(full)) return Entry(new FileInfo(full));
        if (Directory.Exists(full)) return Entry(new DirectoryInfo(Path.TrimEndingDirectorySeparator(full)));
        return null;
    }

    /// <inheritdoc />
    public IReadOnlyList<StorageEntry> List(string directory)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(Entry).ToArray();
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Location, b.Location));
        return entries;
    }

    private static StorageEntry Entry(FileSystemInfo i) => i switch
    {
        FileInfo f => new StorageEntry(f.FullName, f.Name, false, f.Length, f.LastWriteTimeUtc.Ticks == 0 ? 0 : new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds()),
        _ => new StorageEntry(i.FullName, i.Name, true, 0, 0),
    };

    /// <summary>Opens the file with <see cref="FileOptions.RandomAccess"/> and the given buffer size.</summary>
    public static FileStream OpenFile(string location, int bufferSize) =>
        new(location, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.RandomAccess);

    /// <inheritdoc />
    public Stream OpenRead(string location, StorageEntry? known = null) => OpenFile(location, 4096);

    /// <inheritdoc />
    public string Combine(string directory, string name) => Path.Combine(directory, name);

    /// <inheritdoc />
    public string? Parent(string location) => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(location));

    /// <inheritdoc />
    public Task CreateDirectoryAsync(string directory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task UploadAtomicAsync(string localFile, string location, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(location);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, TempName(Path.GetFileName(full)));
        try
        {
            await using (var src = File.OpenRead(localFile))
            await using (var dst = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                await src.CopyToAsync(dst, ct).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string location, bool recursive, CancellationToken ct = default)
    {
        if (File.Exists(location)) { File.Delete(location); return Task.FromResult(true); }
        if (Directory.Exists(location)) { Directory.Delete(location, recursive); return Task.FromResult(true); }
        return Task.FromResult(false);
    }

    /// <summary>The temporary name a file is written under before the rename: hidden, unique, recognisably ours.</summary>
    public static string TempName(string finalName) => $".{finalName}.{Guid.NewGuid():N}.cellactors-tmp";
}
