namespace CellActors.Reading;

/// <summary>The source path of a job does not exist: the job fails fast.</summary>
public sealed class SourceNotFoundException(string path)
    : Exception($"source not found: {path} (expected a CTC dataset folder, a sequence folder, or TIFF/PNG files)")
{
    /// <summary>The path that was given.</summary>
    public string Path { get; } = path;
}
