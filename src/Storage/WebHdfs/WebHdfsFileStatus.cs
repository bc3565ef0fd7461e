namespace CellActors.Storage.WebHdfs;

/// <summary>A <c>FileStatus</c> of WebHDFS (<c>GETFILESTATUS</c>, <c>LISTSTATUS</c>).</summary>
/// <param name="PathSuffix">The child's name in a listing ("" for <c>GETFILESTATUS</c>).</param>
/// <param name="IsDirectory">True for <c>DIRECTORY</c>.</param>
/// <param name="Length">Bytes (0 for folders).</param>
/// <param name="ModificationTime">Milliseconds since the Unix epoch.</param>
/// <param name="Owner">Owner.</param>
/// <param name="Permission">Octal permission string, e.g. <c>644</c>.</param>
public sealed record WebHdfsFileStatus(string PathSuffix, bool IsDirectory, long Length, long ModificationTime, string? Owner, string? Permission);
