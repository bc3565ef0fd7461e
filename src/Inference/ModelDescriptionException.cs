namespace CellActors.Inference;

/// <summary>A model description that cannot be used: the message names the file and what is wrong.</summary>
public sealed class ModelDescriptionException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ModelDescriptionException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner) => Path = path;

    /// <summary>The description (or weights) file at fault.</summary>
    public string Path { get; }
}
