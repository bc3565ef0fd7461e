namespace CellActors.Imaging;

/// <summary>
/// A run-length string that cannot be decoded: odd number of values, a token that is not an integer,
/// a start or length below 1, a run past the end of the image, runs out of order or overlapping, or a
/// pixel claimed by two objects. The message says what is wrong and, when given, where (row, image id).
/// </summary>
public sealed class MalformedRleException : FormatException
{
    /// <summary>Creates the exception; <paramref name="context"/> (e.g. an image id or CSV row) prefixes the message.</summary>
    public MalformedRleException(string problem, string? context = null)
        : base(context is null ? $"malformed RLE: {problem}" : $"malformed RLE ({context}): {problem}")
    {
        Problem = problem;
        Context = context;
    }

    /// <summary>What is wrong, without the context.</summary>
    public string Problem { get; }

    /// <summary>Where the string came from (row, image id), when the caller said so.</summary>
    public string? Context { get; }
}
