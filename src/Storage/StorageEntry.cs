namespace CellActors.Storage;

/// <summary>One file or folder as a storage lists it.</summary>
/// <param name="Location">Full location: an absolute local path, or a URL such as <c>webhdfs://namenode:9870/user/lab/ctc/01/t000.tif</c>.</param>
/// <param name="Name">The last path segment.</param>
/// <param name="IsDirectory">True for folders.</param>
/// <param name="Length">Size in bytes (0 for folders).</param>
/// <param name="ModifiedUnixMs">Last modification, milliseconds since the Unix epoch (0 when unknown).</param>
public sealed record StorageEntry(string Location, string Name, bool IsDirectory, long Length, long ModifiedUnixMs);
