using CellActors.Imaging.Evaluation;
using Xunit;
using static CellActors.TestSupport.Grid;

namespace CellActors.Imaging.Tests.Evaluation;

public sealed class CtcSegSpecs
{
    private static double Seg(LabelImage reference, LabelImage result) =>
        CtcSeg.Combine([CtcSeg.ScoreFrame(reference, result)]).Seg;

    [Fact]
    public void Perfect_result_scores_one_whatever_the_labels()
    {
        var gt = L("11.22", "11.22", ".....", "333..");
        Assert.Equal(1.0, Seg(gt, gt), 12);
        Assert.Equal(1.0, Seg(gt, Relabel(gt, new() { [1] = 3, [2] = 1, [3] = 9 })), 12);
        Assert.Equal(1.0, Seg(Relabel(gt, new() { [1] = 5, [3] = 1 }), gt), 12);
    }

    [Fact]
    public void Jaccard_of_a_match_covering_more_than_half()
    {
        // R = 8 px; S covers 5 of them plus 1 outside: |R∩S| = 5 > 4, J = 5 / (8 + 6 - 5) = 5/9.
        var gt = L("1111.", "1111.");
        var res = L("11111", "1....");
        var f = CtcSeg.ScoreFrame(gt, res);
        Assert.Equal(5.0 / 9, f.Objects.Single().Jaccard, 12);
        Assert.Equal(1, f.Objects.Single().Result);
    }

    [Fact]
    public void Covering_exactly_half_is_no_match()
    {
        // Split in two halves: |R∩S| = 4 = 0.5·|R| for both -> J = 0.
        Assert.Equal(0.0, Seg(L("1111", "1111"), L("1122", "1122")), 12);
        // Uneven split 6 + 4 of a 10 px object: the 6 px part matches, J = 6/10.
        Assert.Equal(0.6, Seg(L("11111", "11111"), L("11122", "11122")), 12);
    }

    [Fact]
    public void A_merge_matches_both_references_with_their_own_jaccard()
    {
        // R1 = 4 px, R2 = 4 px, S = both (8 px): each J = 4/8.
        Assert.Equal(0.5, Seg(L("1122", "1122"), L("1111", "1111")), 12);
    }

    [Fact]
    public void A_missed_object_scores_zero_and_an_extra_one_costs_nothing()
    {
        var gt = L("11..22", "11..22");
        Assert.Equal(0.5, Seg(gt, L("11....", "11....")), 12);
        Assert.Equal(1.0, Seg(gt, L("11.322", "11.322")), 12);
    }

    [Fact]
    public void SEG_is_the_mean_over_all_reference_objects_not_over_frames()
    {
        var f1 = CtcSeg.ScoreFrame(L("11"), L("11"));               // one object, J = 1
        var f2 = CtcSeg.ScoreFrame(L("1.2.3"), LabelImage.Empty(1, 5)); // three objects, J = 0
        var s = CtcSeg.Combine([f1, f2]);
        Assert.Equal(0.25, s.Seg, 12);
        Assert.Equal(4, s.ReferenceObjects);
        Assert.Equal(1, s.Matched);
    }

    [Fact]
    public void Partially_annotated_frames_score_only_their_annotated_objects()
    {
        // Only object 1 is annotated; the result's other objects are ignored.
        Assert.Equal(1.0, Seg(L("11....", "11...."), L("11.22.", "11.22.")), 12);
    }

    [Fact]
    public void No_reference_object_at_all_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CtcSeg.Combine([CtcSeg.ScoreFrame(LabelImage.Empty(2, 2), LabelImage.Empty(2, 2))]));
    }
}
