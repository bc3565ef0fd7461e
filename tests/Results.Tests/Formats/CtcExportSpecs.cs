using CellActors.Imaging;
using CellActors.Reading.Evaluation;
using CellActors.Results.Formats;
using Xunit;

namespace CellActors.Results.Tests.Formats;

public sealed class CtcExportSpecs : IDisposable
{
    private readonly ResultsFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_one_uint16_mask_per_time_point_with_the_object_labels()
    {
        var l = new LabelImage(3, 4, [1, 1, 0, 0,  0, 0, 0, 7,  0, 0, 0, 7], 7);
        var rles = Rle.EncodeAll(l);
        _dir.Write("j", "Synth", "01",
            ("Synth/01/t0000", 0, 3, 4, [rles[0]]),
            ("Synth/01/t0001", 1, 3, 4, []));
        // Label 7 is written as 7, not as its position: put it as object label 7 with a second job row set.
        var s = CtcExport.Export(_dir.Dir, "01", null, _dir.Sub("01_RES"));
        Assert.Equal(2, s.Masks);
        var m0 = CtcFolder.ReadLabels(Path.Combine(_dir.Sub("01_RES"), "mask000.tif"));
        Assert.Equal([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], m0.Labels);
        var m1 = CtcFolder.ReadLabels(Path.Combine(_dir.Sub("01_RES"), "mask001.tif"));
        Assert.All(m1.Labels, v => Assert.Equal(0, v));
        Assert.False(File.Exists(Path.Combine(_dir.Sub("01_RES"), "res_track.txt")));
    }

    [Fact]
    public void Unknown_or_ambiguous_sequences_are_refused()
    {
        _dir.Write("j", "A", "01", ("A/01/t0000", 0, 2, 2, []));
        Assert.Contains("no sequence '02'", Assert.Throws<ArgumentException>(() => CtcExport.Export(_dir.Dir, "02", null, _dir.Sub("x"))).Message);
        Assert.Throws<ArgumentException>(() => CtcExport.Export(_dir.Dir, "01", "B", _dir.Sub("x")));
        Assert.Throws<FileNotFoundException>(() => CtcExport.Export(_dir.Sub("nothing"), "01", null, _dir.Sub("x")));
    }

    [Fact]
    public void Export_then_evaluate_against_the_same_masks_scores_one()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Dir, new SynthOptions(Frames: 4, Height: 80, Width: 96, InitialCells: 5, Seed: 9));
        var gt = s.SequencePath + "_GT";
        var frames = CtcFolder.SegFiles(gt).Select(f =>
        {
            var l = CtcFolder.ReadLabels(f.Path);
            var dense = Relabel(l);
            return ($"Synth-N2DH/01/t{f.T:D4}", f.T, l.Height, l.Width, Rle.EncodeAll(dense).Where(r => r.Length > 0).ToArray());
        }).ToArray();
        _dir.Write("synth", "Synth-N2DH", "01", frames);
        CtcExport.Export(_dir.Dir, "01", "Synth-N2DH", _dir.Sub("01_RES"));
        Assert.Equal(1.0, CtcFolder.EvaluateSeg(gt, _dir.Sub("01_RES")).Seg, 12);
    }

    private static LabelImage Relabel(LabelImage l)
    {
        var present = l.Labels.Where(v => v > 0).Distinct().Order().ToList();
        var map = present.Select((v, i) => (v, i + 1)).ToDictionary(p => p.v, p => p.Item2);
        return new LabelImage(l.Height, l.Width, l.Labels.Select(v => v == 0 ? 0 : map[v]).ToArray(), present.Count);
    }
}
