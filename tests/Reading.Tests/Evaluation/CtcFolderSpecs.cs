using CellActors.Imaging;
using CellActors.Reading.Evaluation;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Reading.Tests.Evaluation;

public sealed class CtcFolderSpecs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ctcfolder-specs-" + Guid.NewGuid().ToString("N"));

    public CtcFolderSpecs() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Writes a RES folder whose masks are the given GT files (SEG or TRA), as the official layout wants.</summary>
    private string ResFrom(IEnumerable<CtcFile> gt, string name, Func<LabelImage, LabelImage>? change = null)
    {
        var res = Path.Combine(_root, name);
        Directory.CreateDirectory(res);
        var files = gt.ToList();
        int maxT = files.Max(f => f.T);
        foreach (var f in files)
        {
            var l = CtcFolder.ReadLabels(f.Path);
            CtcFolder.WriteLabels(Path.Combine(res, CtcFolder.MaskFileName(f.T, maxT)), change is null ? l : change(l));
        }
        return res;
    }

    [Fact]
    public void Labels_round_trip_through_a_uint16_tiff()
    {
        var l = Grid.L("1.2", "3.z");
        var p = Path.Combine(_root, "mask000.tif");
        CtcFolder.WriteLabels(p, l);
        var back = CtcFolder.ReadLabels(p);
        Assert.Equal(l.Labels, back.Labels);
        Assert.Equal((2, 3, 35), (back.Height, back.Width, back.Count));
        var big = new LabelImage(1, 1, [70000], 70000);
        Assert.Throws<ArgumentException>(() => CtcFolder.WriteLabels(Path.Combine(_root, "big.tif"), big));
    }

    [Fact]
    public void Mask_names_have_three_digits_and_four_past_999()
    {
        Assert.Equal("mask007.tif", CtcFolder.MaskFileName(7, 91));
        Assert.Equal("mask999.tif", CtcFolder.MaskFileName(999, 999));
        Assert.Equal("mask0007.tif", CtcFolder.MaskFileName(7, 1200));
    }

    [Fact]
    public void Synthetic_ground_truth_scored_against_itself_is_one_and_a_broken_result_is_less()
    {
        var s = SyntheticTimeLapse.Generate(_root, new SynthOptions(Frames: 6, Height: 96, Width: 112, InitialCells: 6, Seed: 5));
        var gt = s.SequencePath + "_GT";
        var segRes = ResFrom(CtcFolder.SegFiles(gt), "seg_RES");
        var traRes = ResFrom(CtcFolder.TraFiles(gt), "tra_RES");
        Assert.Equal(1.0, CtcFolder.EvaluateSeg(gt, segRes).Seg, 12);
        Assert.Equal(1.0, CtcFolder.EvaluateDet(gt, traRes).Det, 12);

        // Dropping every label 1 from the result lowers both.
        var dropped = ResFrom(CtcFolder.TraFiles(gt), "drop_RES", l => new LabelImage(l.Height, l.Width, l.Labels.Select(v => v == 1 ? 0 : v).ToArray(), l.Count));
        var det = CtcFolder.EvaluateDet(gt, dropped);
        Assert.True(det.FalseNegatives >= 1);
        Assert.Equal(1 - 10.0 * det.FalseNegatives / det.AogmD0, det.Det, 12);
        Assert.True(CtcFolder.EvaluateSeg(gt, dropped).Seg < 1.0);
    }

    [Fact]
    public void A_missing_result_mask_is_an_error_naming_the_time_point()
    {
        var s = SyntheticTimeLapse.Generate(_root, new SynthOptions(Frames: 3, Height: 64, Width: 64, InitialCells: 3, Seed: 2));
        var gt = s.SequencePath + "_GT";
        var res = ResFrom(CtcFolder.TraFiles(gt).Take(2), "short_RES");
        var ex = Assert.Throws<FileNotFoundException>(() => CtcFolder.EvaluateDet(gt, res));
        Assert.Contains("time point 2", ex.Message);
    }

    [Fact]
    public void Partial_3d_slices_are_scored_against_the_slice_of_the_result_volume()
    {
        // A 2-slice result volume written by hand as a multi-page TIFF; GT annotates slice 1 only.
        var gtDir = Path.Combine(_root, "01_GT");
        Directory.CreateDirectory(Path.Combine(gtDir, "SEG"));
        CtcFolder.WriteLabels(Path.Combine(gtDir, "SEG", "man_seg_000_001.tif"), Grid.L("11.", "..."));
        var res = Path.Combine(_root, "01_RES");
        Directory.CreateDirectory(res);
        using (var a = new OpenCvSharp.Mat(2, 3, OpenCvSharp.MatType.CV_16UC1, OpenCvSharp.Scalar.All(0)))
        using (var b = new OpenCvSharp.Mat(2, 3, OpenCvSharp.MatType.CV_16UC1, OpenCvSharp.Scalar.All(0)))
        {
            b.Set(0, 0, (ushort)4);
            b.Set(0, 1, (ushort)4);
            b.Set(0, 2, (ushort)4);
            Assert.True(OpenCvSharp.Cv2.ImWrite(Path.Combine(res, "mask000.tif"), [a, b]));
        }
        // |R∩S| = 2 of |R| = 2, |S| = 3 -> J = 2/3.
        Assert.Equal(2.0 / 3, CtcFolder.EvaluateSeg(gtDir, res).Seg, 12);
        Assert.Equal(4, CtcFolder.ReadLabels(Path.Combine(res, "mask000.tif")).Height);
    }

    [SharedDataFact("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT/SEG", "ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT/TRA")]
    public void SIM_plus_01_ground_truth_scored_against_itself_is_one()
    {
        var gt = SharedData.Require("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT");
        var seg = CtcFolder.EvaluateSeg(gt, ResFrom(CtcFolder.SegFiles(gt), "seg_RES"));
        var det = CtcFolder.EvaluateDet(gt, ResFrom(CtcFolder.TraFiles(gt), "tra_RES"));
        Assert.Equal(1.0, seg.Seg, 12);
        Assert.Equal(1.0, det.Det, 12);
        Assert.True(seg.ReferenceObjects > 100);
        Assert.True(det.ReferenceMarkers > 100);
    }
}
