namespace CellActors.Imaging;

/// <summary>
/// A structurally broken or unsupported input. The message names the file, the page and what is wrong;
/// <see cref="ErrorType"/> is a short stable code stored in the <c>errors</c> table.
/// </summary>
public class BadInputException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file and page.</summary>
    public BadInputException(string uri, int page, string errorType, string problem, Exception? inner = null)
        : base($"{uri}{(page > 0 ? $" (page {page})" : "")}: {problem}", inner)
    {
        Uri = uri;
        Page = page;
        ErrorType = errorType;
        Problem = problem;
    }

    /// <summary>The file (or URL) that could not be processed.</summary>
    public string Uri { get; }

    /// <summary>0-based page (TIFF directory) within the file.</summary>
    public int Page { get; }

    /// <summary>Stable code: <c>empty_file</c>, <c>truncated</c>, <c>corrupt</c>, <c>not_an_image</c>,
    /// <c>unsupported_shape</c>, <c>unsupported_type</c>, <c>nan_values</c>, <c>unreadable</c>.</summary>
    public string ErrorType { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
