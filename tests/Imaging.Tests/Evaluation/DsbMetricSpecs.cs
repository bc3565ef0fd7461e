using CellActors.Imaging.Evaluation;
using Xunit;
using static CellActors.TestSupport.Grid;

namespace CellActors.Imaging.Tests.Evaluation;

public sealed class DsbMetricSpecs
{
    private static readonly LabelImage TwoObjects = L(
        "11..22",
        "11..22",
        "......");

    [Fact]
    public void Perfect_prediction_scores_one()
    {
        var s = DsbMetric.ScoreImage(TwoObjects, TwoObjects);
        Assert.Equal(1.0, s.Score, 12);
        Assert.All(s.Thresholds, t => Assert.Equal((2, 0, 0), (t.TruePositives, t.FalsePositives, t.FalseNegatives)));
    }

    [Fact]
    public void Label_permutation_does_not_change_the_score()
    {
        var pred = Relabel(TwoObjects, new() { [1] = 7, [2] = 3 });
        Assert.Equal(1.0, DsbMetric.ScoreImage(TwoObjects, pred).Score, 12);
        var pred2 = L("11..2.", "11..22", "......");
        var swapped = Relabel(pred2, new() { [1] = 2, [2] = 1 });
        Assert.Equal(DsbMetric.ScoreImage(TwoObjects, pred2).Score, DsbMetric.ScoreImage(TwoObjects, swapped).Score, 12);
    }

    [Fact]
    public void A_missed_object_halves_the_precision_at_every_threshold()
    {
        // TP = 1, FP = 0, FN = 1 -> 1/2 at every threshold.
        var pred = L("11....", "11....", "......");
        var s = DsbMetric.ScoreImage(TwoObjects, pred);
        Assert.Equal(0.5, s.Score, 12);
        Assert.All(s.Thresholds, t => Assert.Equal((1, 0, 1), (t.TruePositives, t.FalsePositives, t.FalseNegatives)));
    }

    [Fact]
    public void An_extra_object_is_a_false_positive()
    {
        // TP = 2, FP = 1, FN = 0 -> 2/3.
        var pred = L("11..22", "11..22", "...33.");
        Assert.Equal(2.0 / 3, DsbMetric.ScoreImage(TwoObjects, pred).Score, 12);
    }

    [Fact]
    public void An_object_split_in_two_halves_matches_nothing()
    {
        // Reference 8 px; two predictions of 4 px: IoU = 4/8 = 0.5, not > 0.5 -> TP 0, FP 2, FN 1.
        var gt = L("1111", "1111");
        var pred = L("1122", "1122");
        var s = DsbMetric.ScoreImage(gt, pred);
        Assert.Equal(0.0, s.Score, 12);
        Assert.All(s.Thresholds, t => Assert.Equal((0, 2, 1), (t.TruePositives, t.FalsePositives, t.FalseNegatives)));
    }

    [Fact]
    public void An_uneven_split_matches_the_large_part_below_its_iou()
    {
        // Reference 10 px; predictions 8 px (IoU 0.8) and 2 px (IoU 0.2).
        // t = 0.50..0.75 (6 thresholds): TP 1, FP 1, FN 0 -> 1/2; t = 0.80..0.95 (4): TP 0, FP 2, FN 1 -> 0.
        var gt = L("1111111111");
        var pred = L("1111111122");
        var s = DsbMetric.ScoreImage(gt, pred);
        Assert.Equal(6 * 0.5 / 10, s.Score, 12);
        Assert.Equal(1, s.Thresholds[5].TruePositives); // 0.75 < 0.8
        Assert.Equal(0, s.Thresholds[6].TruePositives); // 0.80 is not < 0.8
    }

    [Fact]
    public void Iou_exactly_at_a_threshold_is_not_a_hit()
    {
        // IoU = 3/4 = 0.75: hit at 0.50..0.70 (5 thresholds), miss at 0.75..0.95 (TP 0, FP 1, FN 1).
        var s = DsbMetric.ScoreImage(L("1111"), L("111."));
        Assert.Equal(0.5, s.Score, 12);
        Assert.Equal(1, s.Thresholds[4].TruePositives);
        Assert.Equal(0, s.Thresholds[5].TruePositives);
        // IoU = 1/2 exactly: never a hit.
        Assert.Equal(0.0, DsbMetric.ScoreImage(L("1111"), L("11..")).Score, 12);
        // IoU = 0.9 exactly (9/10): hit up to 0.85, miss at 0.90 and 0.95.
        var s9 = DsbMetric.ScoreImage(L("1111111111"), L("111111111."));
        Assert.Equal(0.8, s9.Score, 12);
    }

    [Fact]
    public void Empty_images_score_one_when_both_are_empty_and_zero_otherwise()
    {
        var empty = LabelImage.Empty(3, 6);
        Assert.Equal(1.0, DsbMetric.ScoreImage(empty, empty).Score, 12);
        Assert.Equal(0.0, DsbMetric.ScoreImage(empty, TwoObjects).Score, 12);
        Assert.Equal(0.0, DsbMetric.ScoreImage(TwoObjects, empty).Score, 12);
    }

    [Fact]
    public void The_overall_score_is_the_mean_over_images()
    {
        var half = L("11....", "11....", "......");
        var s = DsbMetric.Score([("a", TwoObjects, TwoObjects), ("b", TwoObjects, half)]);
        Assert.Equal(0.75, s.Score, 12);
        Assert.Equal(2, s.Images.Count);
        Assert.Equal(10, s.MeanPrecisionPerThreshold.Count);
        Assert.All(s.MeanPrecisionPerThreshold, p => Assert.Equal(0.75, p, 12));
    }

    [Fact]
    public void Different_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DsbMetric.ScoreImage(L("11"), L("1", "1")));
    }

    [Fact]
    public void Thresholds_run_from_0_50_to_0_95()
    {
        Assert.Equal([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95], DsbMetric.Thresholds);
    }
}
