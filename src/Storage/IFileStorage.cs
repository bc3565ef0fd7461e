namespace CellActors.Storage;

/// <summary>
/// A file system that sources are read from and exports are written to: the local file system or HDFS through
/// WebHDFS, behind one interface so that discovery, reading and exports behave the same on both.
/// Locations are strings: absolute local paths for <see cref="LocalFileStorage"/>, URLs
/// (<c>webhdfs://</c>, <c>swebhdfs://</c>, <c>hdfs://</c>) for <see cref="WebHdfs.WebHdfsStorage"/>; get the right one
/// with <see cref="Storages.For"/>.
/// </summary>
/// <remarks>Reading members are synchronous (discovery and TIFF parsing are synchronous code); writing members are
/// asynchronous. A missing file or folder raises <see cref="FileNotFoundException"/> (or <see cref="DirectoryNotFoundException"/>)
/// naming the location; a permission problem <see cref="UnauthorizedAccessException"/>; anything else <see cref="IOException"/>.</remarks>
public interface IFileStorage
{
    /// <summary>True for the local file system (callers may then use direct file access).</summary>
    bool IsLocal { get; }

    /// <summary>The entry at <paramref name="location"/>, or null when nothing is there.</summary>
    StorageEntry? Stat(string location);

    /// <summary>The children of a folder, files and folders, in ordinal name order.</summary>
    IReadOnlyList<StorageEntry> List(string directory);

    /// <summary>Opens a file for random-access reading: a seekable, read-only stream whose reads fetch only the bytes asked for
    /// (plus a small read-ahead for remote files). <paramref name="known"/> (from a listing) spares a status request.</summary>
    Stream OpenRead(string location, StorageEntry? known = null);

    /// <summary>The location of <paramref name="name"/> inside <paramref name="directory"/>.</summary>
    string Combine(string directory, string name);

    /// <summary>The folder holding <paramref name="location"/>, or null at the root.</summary>
    string? Parent(string location);

    /// <summary>Creates a folder and its missing parents.</summary>
    Task CreateDirectoryAsync(string directory, CancellationToken ct = default);

    /// <summary>
    /// Writes the local file <paramref name="localFile"/> to <paramref name="location"/> so that readers never see a
    /// half-written file: the bytes go to a temporary name beside the target, which is then renamed over it.
    /// Missing parent folders are created.
    /// </summary>
    Task UploadAtomicAsync(string localFile, string location, CancellationToken ct = default);

    /// <summary>Deletes a file or folder (recursively when asked); false when nothing was there.</summary>
    Task<bool> DeleteAsync(string location, bool recursive, CancellationToken ct = default);
}
