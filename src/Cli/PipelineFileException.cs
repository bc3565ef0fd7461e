namespace CellActors.Cli;

/// <summary>
/// A pipeline file that cannot be used: malformed YAML, an unknown key, or a bad value. Its message is the one line
/// the user sees: <c>pipeline.yaml:17: segmentation.min_area: '-5' is not an integer &gt;= 0</c>.
/// </summary>
public sealed class PipelineFileException : Exception
{
    /// <summary>A problem at <paramref name="line"/> of <paramref name="file"/> (0: the whole file), with <paramref name="key"/> (null: none, e.g. malformed YAML).</summary>
    public PipelineFileException(string file, int line, string? key, string problem)
        : base($"{file}{(line > 0 ? $":{line}" : "")}: {(key is null ? "" : key + ": ")}{problem}")
    {
        File = file;
        Line = line;
        Key = key;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>1-based line; 0 when the problem is the whole file (it cannot be read).</summary>
    public int Line { get; }

    /// <summary>The dotted key (<c>segmentation.min_area</c>), or null.</summary>
    public string? Key { get; }
}
