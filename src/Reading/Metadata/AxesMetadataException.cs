using CellActors.Imaging;

namespace CellActors.Reading;

/// <summary>
/// A stack whose metadata cannot be read as axes without guessing: <c>ambiguous_axes</c> (the axes cannot be told
/// apart, e.g. ImageJ <c>channels=2</c> for 6 pages without <c>slices</c> or <c>frames</c>) or <c>metadata_mismatch</c>
/// (the metadata contradicts the file, e.g. a page count other than channels × slices × frames, a plane that no TiffData
/// places or two that it places at one position). The file is refused; a job goes on with the other files.
/// </summary>
public sealed class AxesMetadataException(string uri, string errorType, string problem) : BadInputException(uri, 0, errorType, problem)
{
    /// <summary><c>ambiguous_axes</c>.</summary>
    public const string Ambiguous = "ambiguous_axes";

    /// <summary><c>metadata_mismatch</c>.</summary>
    public const string Mismatch = "metadata_mismatch";
}
