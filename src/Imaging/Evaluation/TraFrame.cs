namespace CellActors.Imaging.Evaluation;

/// <summary>
/// The vertex matching of one time point for TRA: which result object matches each reference marker (it covers
/// more than half of the marker), and which markers each result object matches.
/// </summary>
/// <param name="T">The time point.</param>
/// <param name="MarkerMatch">Every reference marker present, with the result label matching it (0 when none: a false negative).</param>
/// <param name="ResultMatches">Every result label present, with the markers it matches (none: a false positive; k &gt; 1: k − 1 splits).</param>
public sealed record TraFrame(int T, IReadOnlyDictionary<int, int> MarkerMatch, IReadOnlyDictionary<int, IReadOnlyList<int>> ResultMatches)
{
    /// <summary>The labels present in the reference marker image.</summary>
    public IReadOnlySet<int> Markers => MarkerMatch.Keys.ToHashSet();

    /// <summary>The labels present in the result mask.</summary>
    public IReadOnlySet<int> Results => ResultMatches.Keys.ToHashSet();
}
