using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Reading.Tests.Evaluation;

/// <summary>TRA of whole CTC folders: ground truth against itself, and a baseline whose expected AOGM follows from the reference alone.</summary>
public sealed class CtcTraFolderSpecs : IDisposable
{
    private readonly TempDir _dir = new("ctctra-specs");

    public void Dispose() => _dir.Dispose();

    /// <summary>A RES folder holding the GT markers as masks and man_track.txt as res_track.txt.</summary>
    private string ResFromGroundTruth(string gt, string name)
    {
        var res = _dir.Dir(name);
        var files = CtcFolder.TraFiles(gt);
        int maxT = files.Max(f => f.T);
        foreach (var f in files) CtcFolder.WriteLabels(Path.Combine(res, CtcFolder.MaskFileName(f.T, maxT)), CtcFolder.ReadLabels(f.Path));
        File.Copy(CtcFolder.ReferenceTrackFile(gt), CtcFolder.ResultTrackFile(res));
        return res;
    }

    /// <summary>
    /// The "no linking" baseline: every GT marker becomes its own one-frame result track (new labels 1, 2, ... in time
    /// order). Detection is perfect and the result has no edge, so every reference edge is missing and nothing else
    /// is charged: AOGM = 1.5·|E|.
    /// </summary>
    private string OneFrameTracks(string gt, string name)
    {
        var res = _dir.Dir(name);
        var files = CtcFolder.TraFiles(gt);
        int maxT = files.Max(f => f.T);
        var tracks = new List<CtcTrack>();
        int next = 1;
        foreach (var f in files)
        {
            var m = CtcFolder.ReadLabels(f.Path);
            var map = CtcFolder.LabelsIn(m).Order().ToDictionary(l => l, _ => next++);
            foreach (var (_, l) in map) tracks.Add(new CtcTrack(l, f.T, f.T, 0));
            var relabelled = new LabelImage(m.Height, m.Width, m.Labels.Select(l => l == 0 ? 0 : map[l]).ToArray(), next - 1);
            CtcFolder.WriteLabels(Path.Combine(res, CtcFolder.MaskFileName(f.T, maxT)), relabelled);
        }
        CtcTrackFile.Write(CtcFolder.ResultTrackFile(res), tracks);
        return res;
    }

    private static void AssertBaseline(TraScore s)
    {
        Assert.Equal((0, 0, 0, 0, 0), (s.Splits, s.FalseNegatives, s.FalsePositives, s.RedundantEdges, s.WrongSemantics));
        Assert.Equal(s.ReferenceEdges, s.MissingEdges);
        Assert.Equal(1.5 * s.ReferenceEdges, s.Aogm);
        Assert.Equal(1 - 1.5 * s.ReferenceEdges / (10.0 * s.ReferenceVertices + 1.5 * s.ReferenceEdges), s.Tra, 12);
    }

    [Fact]
    public void Synthetic_ground_truth_scored_against_itself_is_one_and_without_links_is_the_baseline()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Path, new SynthOptions(Frames: 12, Height: 96, Width: 112, InitialCells: 6, Seed: 11));
        var gt = s.SequencePath + "_GT";
        var gtTracks = CtcTrackFile.Read(CtcFolder.ReferenceTrackFile(gt));
        Assert.Contains(gtTracks, t => t.Parent > 0); // the sample has divisions

        var self = CtcFolder.EvaluateTra(gt, ResFromGroundTruth(gt, "self_RES"));
        Assert.Equal(1.0, self.Tra, 12);
        Assert.Equal(0, self.Aogm);
        Assert.Equal(gtTracks.Sum(t => t.End - t.Begin + 1), self.ReferenceVertices);
        Assert.Empty(CtcFolder.ValidateResult(ResFromGroundTruth(gt, "valid_RES")));

        AssertBaseline(CtcFolder.EvaluateTra(gt, OneFrameTracks(gt, "nolink_RES")));
    }

    [Fact]
    public void Synthetic_ground_truth_is_consistent_with_its_markers()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Path, new SynthOptions(Frames: 20, Height: 96, Width: 112, InitialCells: 8, Seed: 3));
        var gt = s.SequencePath + "_GT";
        var labels = CtcFolder.TraFiles(gt).ToDictionary(f => f.T, f => CtcFolder.LabelsIn(CtcFolder.ReadLabels(f.Path)));
        Assert.Empty(CtcTrackFile.Validate(CtcTrackFile.Read(CtcFolder.ReferenceTrackFile(gt)), labels));
    }

    [Fact]
    public void Missing_res_track_txt_is_an_error_naming_it()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Path, new SynthOptions(Frames: 3, Height: 64, Width: 64, InitialCells: 3, Seed: 2));
        var gt = s.SequencePath + "_GT";
        var res = ResFromGroundTruth(gt, "RES");
        File.Delete(CtcFolder.ResultTrackFile(res));
        var ex = Assert.Throws<FileNotFoundException>(() => CtcFolder.EvaluateTra(gt, res));
        Assert.Contains("res_track.txt", ex.Message);
    }

    [Fact]
    public void An_inconsistent_res_track_txt_is_refused_naming_the_file()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Path, new SynthOptions(Frames: 4, Height: 64, Width: 64, InitialCells: 3, Seed: 2));
        var gt = s.SequencePath + "_GT";
        var res = ResFromGroundTruth(gt, "RES");
        var tracks = CtcTrackFile.Read(CtcFolder.ResultTrackFile(res)).ToList();
        tracks[0] = tracks[0] with { End = tracks[0].End + 10 }; // declared past the end of the sequence
        CtcTrackFile.Write(CtcFolder.ResultTrackFile(res), tracks);
        var ex = Assert.Throws<InvalidDataException>(() => CtcFolder.EvaluateTra(gt, res));
        Assert.Contains(CtcFolder.ResultTrackFile(res), ex.Message);
        Assert.Contains($"track {tracks[0].Label}", ex.Message);
        Assert.NotEmpty(CtcFolder.ValidateResult(res));
    }

    [SharedDataFact("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT/TRA")]
    public void SIM_plus_01_ground_truth_scored_against_itself_is_one_and_without_links_is_the_baseline()
    {
        var gt = SharedData.Require("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01_GT");
        var self = CtcFolder.EvaluateTra(gt, ResFromGroundTruth(gt, "sim_RES"));
        Assert.Equal(1.0, self.Tra, 12);
        Assert.True(self.ReferenceVertices > 1000);
        AssertBaseline(CtcFolder.EvaluateTra(gt, OneFrameTracks(gt, "sim_nolink_RES")));
    }
}
