using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Inference.Tests;

/// <summary>
/// The default model (<c>models/unet-cells</c>, what <c>run</c> uses without <c>--segmenter</c>) above asserted floors:
/// on CellActors' synthetic frames, clean and much noisier (always run), and on the shared data it never trained on —
/// CTC SIM+, GOWT1, MSC and DIC-HeLa sequence 01 and the held-out DSB2018 subset, grey and colour (skipped without
/// ../shared). Every choice comes from the frames' pixels. The floors sit a margin below the values measured on the
/// same frames (given in each test's doc), so that a broken model, description, polarity choice, normalisation or
/// post-processing fails, not a retrained model of similar quality. benchmarks/README.md has the figures on every frame.
/// </summary>
public sealed class CellModelSpecs(ITestOutputHelper output)
{
    private const string Sim = "datasets/ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+";
    private const string Gowt1 = "datasets/ctc-fluo-n2dh-gowt1/Fluo-N2DH-GOWT1";
    private const string Msc = "datasets/ctc-fluo-c2dl-msc/Fluo-C2DL-MSC";
    private const string Dic = "datasets/ctc-dic-c2dh-hela/DIC-C2DH-HeLa";
    private const string DsbSubset = "datasets/dsb2018-stage1-train-subset/stage1_train";

    private static OnnxSegmenter Open() =>
        new(ModelDescriptions.Load(ShippedModels.Resolve(ShippedModels.Cells)), new OnnxSegmenterOptions(IntraOpThreads: 2));

    [Fact]
    public void Its_description_is_an_interior_boundary_model_that_decides_polarity_and_scale_from_the_image()
    {
        var d = ModelDescriptions.Load(ShippedModels.Resolve(ShippedModels.Cells));
        Assert.Equal("unet-cells", d.Name);
        Assert.Equal(OutputKind.InteriorBoundary, d.OutputKind);
        Assert.Equal(InputPolarity.Auto, d.Polarity);
        Assert.True(d.Size is { Estimate: true }, "the object size is estimated from each frame");
        Assert.True(new FileInfo(d.WeightsPath).Length < 5_000_000, "the shipped weights stay a few MB");
    }

    /// <summary>Synthetic nuclei (seed never trained on): measured SEG 0.687 (the foreground threshold 0.25 draws masks more generously than this exact truth; 0.92 at 0.5).</summary>
    [Fact]
    public void Segments_synthetic_nuclei_above_the_floor()
    {
        var seg = Synthetic(new SynthOptions(Frames: 3, Height: 320, Width: 320, InitialCells: 20, Seed: 4242));
        Assert.True(seg.Seg >= 0.55, $"SEG {seg.Seg:F3} on synthetic frames is below the floor 0.55");
    }

    /// <summary>
    /// A much noisier synthetic sequence, as a stand-in for low-light acquisitions: nuclei 60-200 units above the
    /// background under noise of sd 50 (the default sequence has 300-700 under 25). Measured SEG 0.521.
    /// </summary>
    [Fact]
    public void Segments_a_noisy_dim_synthetic_sequence_above_the_floor()
    {
        var seg = Synthetic(new SynthOptions(Frames: 3, Height: 320, Width: 320, InitialCells: 20, Seed: 4343,
            NoiseSigma: 50, CellBrightnessMin: 60, CellBrightnessMax: 200));
        Assert.True(seg.Seg >= 0.42, $"SEG {seg.Seg:F3} on the noisy synthetic sequence is below the floor 0.42");
    }

    private SegScore Synthetic(SynthOptions options)
    {
        using var s = Open();
        var frames = new List<SegFrameScore>();
        foreach (var f in SyntheticTimeLapse.Frames(options))
        {
            using (f)
                frames.Add(CtcSeg.ScoreFrame(f.Segmentation, s.Segment(f.Image), $"t{f.T}"));
        }
        var seg = CtcSeg.Combine(frames);
        output.WriteLine($"synthetic (noise {options.NoiseSigma}, cells +{options.CellBrightnessMin}..{options.CellBrightnessMax}) SEG {seg.Seg:F3} ({seg.Matched}/{seg.ReferenceObjects} matched)");
        return seg;
    }

    /// <summary>Fluo-N2DH-SIM+ 01, every 5th annotated frame. Measured SEG 0.829, DET 0.989 (13 frames).</summary>
    [SharedFact(Sim)]
    public void Segments_SIM_nuclei_above_the_floor() => AssertCtc(Sim, every: 5, seg: 0.75, det: 0.93);

    /// <summary>Fluo-N2DH-GOWT1 01 (large, partly dim nuclei), every 5th annotated frame. Measured SEG 0.767, DET 0.976 (6 frames).</summary>
    [SharedFact(Gowt1)]
    public void Segments_GOWT1_nuclei_above_the_floor() => AssertCtc(Gowt1, every: 5, seg: 0.65, det: 0.90);

    /// <summary>Fluo-C2DL-MSC 01 (spread, dim whole cells), every 3rd annotated frame. Measured SEG 0.491, DET 0.828 (6 frames).</summary>
    [SharedFact(Msc)]
    public void Segments_MSC_cells_above_the_floor() => AssertCtc(Msc, every: 3, seg: 0.40, det: 0.70);

    /// <summary>DIC-C2DH-HeLa 01 (transmitted light; partial gold truth), every annotated frame. Measured SEG 0.248, DET 0.455 (9 frames): far below the goal of 0.75, see benchmarks/README.md §10.</summary>
    [SharedFact(Dic)]
    public void Segments_DIC_HeLa_cells_above_the_floor() => AssertCtc(Dic, every: 1, seg: 0.17, det: 0.30);

    private void AssertCtc(string dataset, int every, double seg, double? det)
    {
        using var s = Open();
        var score = ModelScoring.Ctc(s, dataset, every);
        output.WriteLine($"{Path.GetFileName(dataset)} {score}");
        Assert.True(score.Seg.Seg >= seg, $"SEG {score.Seg.Seg:F3} on {dataset} is below the floor {seg}");
        if (det is { } d) Assert.True(score.Det!.Det >= d, $"DET {score.Det.Det:F3} on {dataset} is below the floor {d}");
    }

    /// <summary>Held-out DSB2018 images, every 4th of the subset. Measured mAP 0.322 (20 images).</summary>
    [SharedFact(DsbSubset)]
    public void Segments_held_out_DSB2018_images_above_the_floor()
    {
        using var s = Open();
        var (score, n) = ModelScoring.Dsb(s, DsbSubset, (i, _) => i % 4 == 0);
        output.WriteLine($"DSB held-out mAP {score.Score:F3} over {n} images");
        Assert.True(score.Score >= 0.25, $"mAP {score.Score:F3} on {n} held-out DSB images is below the floor 0.25");
    }

    /// <summary>Every colour (stained tissue) image of the held-out subset is segmented, none refused. Measured mAP 0.054 (14 images): stained tissue is this model's weakest kind.</summary>
    [SharedFact(DsbSubset)]
    public void Segments_held_out_colour_DSB2018_images_above_the_floor()
    {
        using var s = Open();
        var (score, n) = ModelScoring.Dsb(s, DsbSubset, (_, kind) => kind == "color");
        output.WriteLine($"DSB held-out colour mAP {score.Score:F3} over {n} images");
        Assert.True(n >= 5, $"only {n} colour images found in the subset");
        Assert.True(score.Score >= 0.02, $"mAP {score.Score:F3} on {n} held-out colour DSB images is below the floor 0.02");
    }
}
