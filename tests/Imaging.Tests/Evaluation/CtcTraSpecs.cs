using CellActors.Imaging.Evaluation;
using Xunit;
using static CellActors.TestSupport.Grid;

namespace CellActors.Imaging.Tests.Evaluation;

/// <summary>
/// TRA on tiny one-row label images with hand-written track files. Each expected AOGM is worked out in the comments
/// with the weights NS 5, FN 10, FP 1, ED 1, EA 1.5, EC 1 and AOGM0 = 10·|V| + 1.5·|E| of the reference.
/// </summary>
public sealed class CtcTraSpecs
{
    private static CtcTrack T(int l, int b, int e, int p = 0) => new(l, b, e, p);

    private static TraScore Tra(string[] markers, string[] result, CtcTrack[] gt, CtcTrack[] res) =>
        CtcTra.Score(markers.Select((m, t) => CtcTra.MatchFrame(t, L(m), L(result[t]))).ToList(), gt, res);

    private static void AssertCounts(TraScore s, int ns = 0, int fn = 0, int fp = 0, int ed = 0, int ea = 0, int ec = 0) =>
        Assert.Equal((ns, fn, fp, ed, ea, ec), (s.Splits, s.FalseNegatives, s.FalsePositives, s.RedundantEdges, s.MissingEdges, s.WrongSemantics));

    // The division scenario: track 1 (t 0..1) divides into 2 and 3 (t 2..3); track 4 lives t 0..3 beside them.
    // |V| = 2 + 2 + 2 + 4 = 10; |E| = (1 + 1 + 1 + 3) within tracks + 2 parental links = 8; AOGM0 = 100 + 12 = 112.
    private static readonly string[] Division =
    [
        "11....44..",
        "11....44..",
        "22.33.44..",
        "22.33.44..",
    ];

    private static readonly CtcTrack[] DivisionTracks = [T(1, 0, 1), T(2, 2, 3, 1), T(3, 2, 3, 1), T(4, 0, 3)];

    [Fact]
    public void Perfect_tracking_scores_one()
    {
        var s = Tra(Division, Division, DivisionTracks, DivisionTracks);
        AssertCounts(s);
        Assert.Equal(0, s.Aogm);
        Assert.Equal(112, s.Aogm0);
        Assert.Equal((10, 8), (s.ReferenceVertices, s.ReferenceEdges));
        Assert.Equal(1.0, s.Tra, 12);
    }

    [Fact]
    public void Perfect_tracking_with_other_labels_scores_one()
    {
        // Labels 1 -> 7, 2 -> 5, 3 -> 9, 4 -> 2 everywhere, in the masks and in the track file (parents too).
        var map = new Dictionary<int, int> { [1] = 7, [2] = 5, [3] = 9, [4] = 2 };
        var frames = Division.Select((m, t) => CtcTra.MatchFrame(t, L(m), Relabel(L(m), map))).ToList();
        var s = CtcTra.Score(frames, DivisionTracks, [T(7, 0, 1), T(5, 2, 3, 7), T(9, 2, 3, 7), T(2, 0, 3)]);
        AssertCounts(s);
        Assert.Equal(1.0, s.Tra, 12);
    }

    [Fact]
    public void A_missed_division_costs_a_wrong_semantics_edge_and_a_missing_edge()
    {
        // The result keeps label 1 through the division into the left daughter (1: 0..3) and starts the right
        // daughter as a new track with no parent (3: 2..3). Every object matches one marker 1:1.
        //  - result edge 1@1 -> 1@2 is a continuation, the reference edge 1@1 -> 2@2 is parental: EC = 1;
        //  - reference edge 1@1 -> 2@2 exists in the result (1 -> 1, consecutive): not missing;
        //  - reference edge 1@1 -> 3@2: the result has no edge from 1@1 to 3@2: EA = 1.
        // AOGM = 1·1 + 1.5·1 = 2.5; TRA = 1 − 2.5/112.
        string[] result = ["11....44..", "11....44..", "11.33.44..", "11.33.44.."];
        var s = Tra(Division, result, DivisionTracks, [T(1, 0, 3), T(3, 2, 3), T(4, 0, 3)]);
        AssertCounts(s, ea: 1, ec: 1);
        Assert.Equal(2.5, s.Aogm);
        Assert.Equal(1 - 2.5 / 112, s.Tra, 12);
        Assert.Contains(new TraOperation("EC", "[T=1 Label=1] -> [T=2 Label=1]"), s.Operations);
        Assert.Contains(new TraOperation("EA", "[T=1 GT_label=1] -> [T=2 GT_label=3]"), s.Operations);
    }

    [Fact]
    public void A_division_with_no_links_at_all_costs_two_missing_edges()
    {
        // Detection is perfect but the daughters 2 and 3 have no parent: both parental edges are missing, EA = 2.
        // AOGM = 1.5·2 = 3; TRA = 1 − 3/112.
        var s = Tra(Division, Division, DivisionTracks, [T(1, 0, 1), T(2, 2, 3), T(3, 2, 3), T(4, 0, 3)]);
        AssertCounts(s, ea: 2);
        Assert.Equal(1 - 3.0 / 112, s.Tra, 12);
    }

    [Fact]
    public void A_false_division_costs_its_false_positive_objects_and_a_wrong_semantics_edge()
    {
        // The reference: track 4 alone, t 0..3 (|V| = 4, |E| = 3, AOGM0 = 40 + 4.5 = 44.5).
        // The result divides 4 at t 1 into 5 (the true continuation, 2..3) and 6 (an object where there is no cell, 2..3).
        //  - 6@2 and 6@3 match no marker: FP = 2; edges touching them are not examined (they match no marker);
        //  - result edge 4@1 -> 5@2 is parental, the reference edge 4@1 -> 4@2 a continuation: EC = 1;
        //  - reference edge 4@1 -> 4@2: the result links 4@1 to 5@2 (5 begins at 2, its parent 4 ends at 1): present.
        // AOGM = 2·1 + 1·1 = 3; TRA = 1 − 3/44.5.
        string[] gt = ["44....", "44....", "44....", "44...."];
        string[] result = ["44....", "44....", "55..66", "55..66"];
        var s = Tra(gt, result, [T(4, 0, 3)], [T(4, 0, 1), T(5, 2, 3, 4), T(6, 2, 3, 4)]);
        AssertCounts(s, fp: 2, ec: 1);
        Assert.Equal(44.5, s.Aogm0);
        Assert.Equal(1 - 3 / 44.5, s.Tra, 12);
    }

    // Two cells side by side for three frames: tracks 1 and 2, t 0..2. |V| = 6, |E| = 4, AOGM0 = 60 + 6 = 66.
    private static readonly string[] Pair = ["11..22....", "11..22....", "11..22...."];
    private static readonly CtcTrack[] PairTracks = [T(1, 0, 2), T(2, 0, 2)];

    [Fact]
    public void Labels_swapped_between_frames_cost_redundant_and_missing_edges()
    {
        // Result label 7 covers cell 1 at t 0 then cell 2 at t 1..2; label 8 the reverse. All objects match 1:1.
        //  - result edges 7@0 -> 7@1 (cell 1 -> cell 2) and 8@0 -> 8@1 (cell 2 -> cell 1) have no reference edge: ED = 2;
        //    7@1 -> 7@2 and 8@1 -> 8@2 follow one cell: fine;
        //  - reference edges 1@0 -> 1@1 (7 -> 8) and 2@0 -> 2@1 (8 -> 7) are not in the result: EA = 2.
        // AOGM = 1·2 + 1.5·2 = 5; TRA = 1 − 5/66.
        string[] result = ["77..88....", "88..77....", "88..77...."];
        var s = Tra(Pair, result, PairTracks, [T(7, 0, 2), T(8, 0, 2)]);
        AssertCounts(s, ed: 2, ea: 2);
        Assert.Equal(66, s.Aogm0);
        Assert.Equal(1 - 5.0 / 66, s.Tra, 12);
    }

    [Fact]
    public void A_merge_of_two_cells_costs_a_split_and_every_edge_through_it()
    {
        // At t 1 one result object (label 1) covers both markers: NS = 1. Label 2 ends at t 0 and label 3 starts at t 2.
        //  - result edges 1@0 -> 1@1 and 1@1 -> 1@2 touch an object matching two markers: not examined (no ED);
        //  - reference edges 1@0->1@1, 1@1->1@2, 2@0->2@1, 2@1->2@2 all go through the merged object, which does not
        //    match exactly one marker: EA = 4.
        // AOGM = 5·1 + 1.5·4 = 11; TRA = 1 − 11/66.
        string[] result = ["11..22....", "111111....", "11..33...."];
        var s = Tra(Pair, result, PairTracks, [T(1, 0, 2), T(2, 0, 0), T(3, 2, 2)]);
        AssertCounts(s, ns: 1, ea: 4);
        Assert.Equal(1 - 11.0 / 66, s.Tra, 12);
    }

    [Fact]
    public void A_cell_cut_in_two_halves_is_a_false_negative_and_two_false_positives()
    {
        // Reference: track 1, t 0..2, a 4-pixel marker (|V| = 3, |E| = 2, AOGM0 = 30 + 3 = 33).
        // At t 1 the result cuts it into labels 1 and 2 of 2 pixels each: neither covers more than half of it.
        //  - marker 1@1 unmatched: FN = 1; objects 1@1 and 2@1 match nothing: FP = 2;
        //  - result edges 1@0 -> 1@1 and 1@1 -> 1@2 touch an unmatched object: not examined;
        //  - reference edges 1@0 -> 1@1 and 1@1 -> 1@2 touch an unmatched marker: EA = 2.
        // AOGM = 10 + 2 + 1.5·2 = 15; TRA = 1 − 15/33.
        string[] gt = ["1111", "1111", "1111"];
        string[] result = ["1111", "1122", "1111"];
        var s = Tra(gt, result, [T(1, 0, 2)], [T(1, 0, 2), T(2, 1, 1)]);
        AssertCounts(s, fn: 1, fp: 2, ea: 2);
        Assert.Equal(1 - 15.0 / 33, s.Tra, 12);
    }

    [Fact]
    public void A_cell_cut_unevenly_keeps_its_match_and_costs_one_false_positive()
    {
        // At t 1 label 1 covers 3 of the 4 marker pixels (> half): still matched; label 2 (1 pixel) matches nothing: FP = 1.
        // All edges of track 1 are intact. AOGM = 1; TRA = 1 − 1/33.
        string[] gt = ["1111", "1111", "1111"];
        string[] result = ["1111", "1112", "1111"];
        var s = Tra(gt, result, [T(1, 0, 2)], [T(1, 0, 2), T(2, 1, 1)]);
        AssertCounts(s, fp: 1);
        Assert.Equal(1 - 1.0 / 33, s.Tra, 12);
    }

    [Fact]
    public void Missed_and_extra_objects_cost_their_vertices_and_the_missed_cells_edges()
    {
        // Cell 1 is tracked perfectly; cell 2 is never found; label 5 is an object where there is no cell, t 0..2.
        //  - markers 2@0, 2@1, 2@2 unmatched: FN = 3; objects 5@0..5@2 match nothing: FP = 3;
        //  - reference edges 2@0 -> 2@1 and 2@1 -> 2@2 are missing: EA = 2; edges of 5 are not examined.
        // AOGM = 10·3 + 1·3 + 1.5·2 = 36; TRA = 1 − 36/66.
        string[] result = ["11......55", "11......55", "11......55"];
        var s = Tra(Pair, result, PairTracks, [T(1, 0, 2), T(5, 0, 2)]);
        AssertCounts(s, fn: 3, fp: 3, ea: 2);
        Assert.Equal(36, s.Aogm);
        Assert.Equal(1 - 36.0 / 66, s.Tra, 12);
    }

    // A gap: cell 1 is seen at t 0, not at t 1, and again at t 2..3 as track 2, the only daughter of 1 (the CTC way of
    // closing a gap). Track 3 is present throughout so that no frame is empty.
    // |V| = 1 + 2 + 4 = 7; |E| = (0 + 1 + 3) + 1 parental = 5; AOGM0 = 70 + 7.5 = 77.5.
    private static readonly string[] Gap = ["11..33", "....33", "22..33", "22..33"];
    private static readonly CtcTrack[] GapTracks = [T(1, 0, 0), T(2, 2, 3, 1), T(3, 0, 3)];

    [Fact]
    public void A_gap_closed_by_a_parent_link_scores_one()
    {
        // The result closes the gap the same way (9 -> 8 across t 1): the parental edge 9@0 -> 8@2 matches the reference's.
        string[] result = ["99..33", "....33", "88..33", "88..33"];
        var s = Tra(Gap, result, GapTracks, [T(9, 0, 0), T(8, 2, 3, 9), T(3, 0, 3)]);
        AssertCounts(s);
        Assert.Equal((7, 5, 77.5), (s.ReferenceVertices, s.ReferenceEdges, s.Aogm0));
        Assert.Equal(1.0, s.Tra, 12);
    }

    [Fact]
    public void A_gap_left_open_costs_one_missing_edge()
    {
        // The result starts 2 as a new track: the reference edge 1@0 -> 2@2 is missing, EA = 1. AOGM = 1.5; TRA = 1 − 1.5/77.5.
        var s = Tra(Gap, Gap, GapTracks, [T(1, 0, 0), T(2, 2, 3), T(3, 0, 3)]);
        AssertCounts(s, ea: 1);
        Assert.Equal(1 - 1.5 / 77.5, s.Tra, 12);
    }

    [Fact]
    public void A_gap_closing_link_the_reference_does_not_have_is_redundant()
    {
        // The reference: two unrelated tracks 1 (t 0) and 2 (t 2..3) with no parent; the result links them across the gap.
        //  - result edge 1@0 -> 2@2: the reference has no edge between markers 1@0 and 2@2: ED = 1.
        // AOGM0 = 10·7 + 1.5·4 = 76; AOGM = 1; TRA = 1 − 1/76.
        var s = Tra(Gap, Gap, [T(1, 0, 0), T(2, 2, 3), T(3, 0, 3)], GapTracks);
        AssertCounts(s, ed: 1);
        Assert.Equal(76, s.Aogm0);
        Assert.Equal(1 - 1.0 / 76, s.Tra, 12);
    }

    [Fact]
    public void An_empty_result_scores_zero()
    {
        // Every marker is a false negative: AOGM = 10·|V| + 1.5·|E| = AOGM0 exactly.
        string[] result = ["..........", "..........", ".........."];
        var s = Tra(Pair, result, PairTracks, []);
        AssertCounts(s, fn: 6, ea: 4);
        Assert.Equal(s.Aogm0, s.Aogm);
        Assert.Equal(0.0, s.Tra, 12);
    }

    [Fact]
    public void AOGM_above_AOGM0_is_capped_at_zero()
    {
        // Many false positives: 3 frames × 4 extra objects = FP 12 on top of missing everything: AOGM = 66 + 12 > 66.
        string[] result = ["......5678", "......5678", "......5678"];
        var s = Tra(Pair, result, PairTracks, [T(5, 0, 2), T(6, 0, 2), T(7, 0, 2), T(8, 0, 2)]);
        Assert.Equal(78, s.Aogm);
        Assert.Equal(0.0, s.Tra, 12);
    }

    [Fact]
    public void A_result_track_file_inconsistent_with_its_masks_is_refused_with_the_problems()
    {
        // Track 2 is declared 0..2 but absent at t 1; label 3 is in the masks but not declared.
        string[] result = ["11..22..33", "11......33", "11..22..33"];
        var ex = Assert.Throws<ArgumentException>(() => Tra(Pair, result, PairTracks, [T(1, 0, 2), T(2, 0, 2)]));
        Assert.Equal("result", ex.ParamName);
        Assert.Contains("track 2 (0..2) is absent from the mask at time point(s) 1", ex.Message);
        Assert.Contains("label 3 found in the mask at time point 0 is not declared", ex.Message);
    }

    [Fact]
    public void No_reference_track_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => CtcTra.Score([CtcTra.MatchFrame(0, L("...."), L("...."))], [], []));
    }
}
