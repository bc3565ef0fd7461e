using CellActors.Imaging.Evaluation;
using Xunit;
using static CellActors.TestSupport.Grid;

namespace CellActors.Imaging.Tests.Evaluation;

public sealed class CtcDetSpecs
{
    private static DetScore Det(LabelImage markers, LabelImage result) => CtcDet.Combine([CtcDet.ScoreFrame(markers, result)]);

    private static readonly LabelImage TwoMarkers = L(
        "11..22",
        "11..22");

    [Fact]
    public void Perfect_result_scores_one_whatever_the_labels()
    {
        var d = Det(TwoMarkers, Relabel(TwoMarkers, new() { [1] = 2, [2] = 1 }));
        Assert.Equal(1.0, d.Det, 12);
        Assert.Equal(0, d.AogmD);
        Assert.Equal(20, d.AogmD0);
    }

    [Fact]
    public void Small_markers_inside_larger_objects_are_detected()
    {
        var markers = L("......", ".1..2.", "......");
        var result = L("111222", "111222", "111222");
        Assert.Equal(1.0, Det(markers, result).Det, 12);
    }

    [Fact]
    public void A_merge_of_two_markers_needs_one_split()
    {
        // NS = 1: AOGM-D = 5, AOGM-D0 = 20 -> DET = 0.75.
        var d = Det(TwoMarkers, L("111111", "111111"));
        Assert.Equal((1, 0, 0), (d.Splits, d.FalseNegatives, d.FalsePositives));
        Assert.Equal(0.75, d.Det, 12);
    }

    [Fact]
    public void A_merge_of_three_markers_needs_two_splits()
    {
        // NS = 2: 10 / 30 -> DET = 2/3.
        var d = Det(L("11.22.33"), L("11111111"));
        Assert.Equal(2, d.Splits);
        Assert.Equal(2.0 / 3, d.Det, 12);
    }

    [Fact]
    public void A_missed_marker_is_a_false_negative()
    {
        // FN = 1: 10 / 20 -> 0.5.
        var d = Det(TwoMarkers, L("11....", "11...."));
        Assert.Equal((0, 1, 0), (d.Splits, d.FalseNegatives, d.FalsePositives));
        Assert.Equal(0.5, d.Det, 12);
    }

    [Fact]
    public void An_extra_object_is_a_false_positive()
    {
        // FP = 1: 1 / 20 -> 0.95.
        var d = Det(TwoMarkers, L("11.322", "11.322"));
        Assert.Equal((0, 0, 1), (d.Splits, d.FalseNegatives, d.FalsePositives));
        Assert.Equal(0.95, d.Det, 12);
    }

    [Fact]
    public void A_split_marker_matches_its_larger_part_and_the_rest_is_a_false_positive()
    {
        // Marker 10 px covered 6 + 4: the 6 px object matches (> half), the 4 px one is FP: 1 / 10 -> 0.9.
        var d = Det(L("11111", "11111"), L("11122", "11122"));
        Assert.Equal((0, 0, 1), (d.Splits, d.FalseNegatives, d.FalsePositives));
        Assert.Equal(0.9, d.Det, 12);
        // Split into exact halves: no object covers more than half -> FN 1, FP 2: 12 > 10 -> DET = 0 (clamped).
        var h = Det(L("1111", "1111"), L("1122", "1122"));
        Assert.Equal((0, 1, 2), (h.Splits, h.FalseNegatives, h.FalsePositives));
        Assert.Equal(12, h.AogmD);
        Assert.Equal(0.0, h.Det, 12);
    }

    [Fact]
    public void Frames_are_pooled_before_normalising()
    {
        // Frame 1 perfect (2 markers), frame 2 one of two missed: AOGM-D = 10, AOGM-D0 = 40 -> 0.75.
        var s = CtcDet.Combine([CtcDet.ScoreFrame(TwoMarkers, TwoMarkers), CtcDet.ScoreFrame(TwoMarkers, L("....22", "....22"))]);
        Assert.Equal(0.75, s.Det, 12);
        Assert.Equal(4, s.ReferenceMarkers);
    }

    [Fact]
    public void No_marker_at_all_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CtcDet.Combine([CtcDet.ScoreFrame(LabelImage.Empty(2, 2), L("1.", ".."))]));
    }
}
