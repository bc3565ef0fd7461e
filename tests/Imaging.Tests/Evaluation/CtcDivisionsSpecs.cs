using CellActors.Imaging.Evaluation;
using Xunit;
using static CellActors.TestSupport.Grid;

namespace CellActors.Imaging.Tests.Evaluation;

/// <summary>Division precision and recall on tiny hand-made sequences: track 1 divides into 2 and 3 after t = 1.</summary>
public sealed class CtcDivisionsSpecs
{
    private static CtcTrack T(int l, int b, int e, int p = 0) => new(l, b, e, p);

    private static readonly string[] Reference =
    [
        "11....44..",
        "11....44..",
        "22.33.44..",
        "22.33.44..",
    ];

    private static readonly CtcTrack[] ReferenceTracks = [T(1, 0, 1), T(2, 2, 3, 1), T(3, 2, 3, 1), T(4, 0, 3)];

    private static DivisionScore Score(string[] result, CtcTrack[] tracks, int tolerance = 0) =>
        CtcDivisions.Score(Reference.Select((m, t) => CtcTra.MatchFrame(t, L(m), L(result[t]))).ToList(), ReferenceTracks, tracks, tolerance);

    [Fact]
    public void The_reference_against_itself_is_perfect()
    {
        var s = Score(Reference, ReferenceTracks);
        Assert.Equal((1, 1, 1), (s.Reference, s.Detected, s.Matched));
        Assert.Equal((1.0, 1.0, 1.0), (s.Precision, s.Recall, s.F1));
    }

    [Fact]
    public void A_missed_division_lowers_recall_only()
    {
        // 1 continues into the left daughter, 3 appears without a parent: nothing detected.
        var s = Score(Reference.Select(r => r.Replace('2', '1')).ToArray(), [T(1, 0, 3), T(3, 2, 3), T(4, 0, 3)]);
        Assert.Equal((1, 0, 0), (s.Reference, s.Detected, s.Matched));
        Assert.Equal((1.0, 0.0), (s.Precision, s.Recall));
    }

    [Fact]
    public void A_false_division_lowers_precision_only()
    {
        // Besides the true division, 4 "divides" into 5 and 6 at t = 2 (cut in two by the segmentation).
        string[] result = ["11....44..", "11....44..", "22.33.56..", "22.33.56.."];
        var s = Score(result, [T(1, 0, 1), T(2, 2, 3, 1), T(3, 2, 3, 1), T(4, 0, 1), T(5, 2, 3, 4), T(6, 2, 3, 4)]);
        Assert.Equal((1, 2, 1), (s.Reference, s.Detected, s.Matched));
        Assert.Equal((0.5, 1.0), (s.Precision, s.Recall));
        Assert.Equal(2 / 3.0, s.F1, 12);
    }

    [Fact]
    public void A_division_one_frame_early_matches_only_with_a_tolerance()
    {
        // The result splits the mother already at t = 1 (daughters 2, 3 from t = 1).
        string[] result = ["11....44..", "22.33.44..", "22.33.44..", "22.33.44.."];
        // The mother's marker at t = 1 is covered by 2 alone (more than half): so compare at t = 0.
        CtcTrack[] tracks = [T(1, 0, 0), T(2, 1, 3, 1), T(3, 1, 3, 1), T(4, 0, 3)];
        Assert.Equal(0, Score(result, tracks).Matched);
        Assert.Equal(1, Score(result, tracks, tolerance: 1).Matched);
    }

    [Fact]
    public void Daughters_given_to_the_wrong_mother_do_not_match()
    {
        // The result gives the daughters to track 4, which continues as 5 after a "gap".
        string[] result = ["11....44..", "11....44..", "22.33.55..", "22.33.55.."];
        var s = Score(result, [T(1, 0, 1), T(2, 2, 3, 4), T(3, 2, 3, 4), T(4, 0, 1), T(5, 2, 3)]);
        Assert.Equal(0, s.Matched);
    }
}
