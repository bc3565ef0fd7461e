namespace CellActors.Hosting;

/// <summary>Where and how a process logs (<c>--log-format</c>, <c>--log-file</c>, <c>--log-file-size</c>, <c>--log-files</c>).</summary>
/// <param name="Format">Text or one JSON object per line.</param>
/// <param name="File">A log file (rotated by size) in addition to, or for <c>run</c> instead of, the console; null: none.</param>
/// <param name="MaxFileBytes">A log file is rotated before it would grow past this size.</param>
/// <param name="FilesKept">Rotated files kept besides the current one (<c>FILE.1</c> the newest); older ones are deleted.</param>
public sealed record LogSettings(LogFormat Format = LogFormat.Text, string? File = null, long MaxFileBytes = LogSettings.DefaultMaxFileBytes, int FilesKept = LogSettings.DefaultFilesKept)
{
    /// <summary>Default size limit of a log file: 10 MiB.</summary>
    public const long DefaultMaxFileBytes = 10L * 1024 * 1024;

    /// <summary>Default number of rotated files kept.</summary>
    public const int DefaultFilesKept = 5;

    /// <summary>Text to the console, no file.</summary>
    public static LogSettings Default { get; } = new();
}
