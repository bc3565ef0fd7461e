using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;
using CellActors.TestSupport;
using OpenCvSharp;

namespace CellActors.Inference.Tests;

/// <summary>A model's CTC SEG and DET on one sequence, the scales its frames were segmented at, and how many frames were scored.</summary>
internal sealed record CtcModelScore(SegScore Seg, DetScore? Det, IReadOnlyList<double> Scales, int Frames)
{
    public override string ToString() =>
        $"SEG {Seg.Seg:F3} ({Seg.Matched}/{Seg.ReferenceObjects} matched), DET {(Det is null ? "n/a" : Det.Det.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))} over {Frames} frames, scales {string.Join(", ", Scales.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}";
}

/// <summary>Scores a model on shared ground truth exactly as <c>cellactors evaluate</c> does (CTC SEG and DET, DSB mAP), on a subset of frames so that specs stay short.</summary>
internal static class ModelScoring
{
    /// <summary>
    /// SEG on every <paramref name="every"/>-th annotated frame of sequence 01 of the CTC dataset at
    /// <paramref name="dataset"/> (relative to shared/), against <paramref name="reference"/> (<c>GT</c> or <c>ST</c>),
    /// and DET on the same frames where the reference has markers (<c>TRA</c>).
    /// </summary>
    public static CtcModelScore Ctc(OnnxSegmenter model, string dataset, int every, string reference = "GT")
    {
        var root = SharedData.FindShared(dataset)!;
        var refDir = Path.Combine(root, "01_" + reference);
        var markers = Directory.Exists(Path.Combine(refDir, "TRA")) ? CtcFolder.TraFiles(refDir).ToDictionary(f => f.T, f => f.Path) : [];
        var seg = new List<SegFrameScore>();
        var det = new List<DetFrameCounts>();
        var scales = new List<double>();
        foreach (var gt in CtcFolder.SegFiles(refDir).Where((_, i) => i % every == 0))
        {
            using var img = Cv2.ImRead(Path.Combine(root, "01", $"t{gt.T:D3}.tif"), ImreadModes.Unchanged);
            var result = model.Segment(img);
            scales.Add(model.LastScale);
            seg.Add(CtcSeg.ScoreFrame(CtcFolder.ReadLabels(gt.Path), result, $"t{gt.T}"));
            if (markers.TryGetValue(gt.T, out var m)) det.Add(CtcDet.ScoreFrame(CtcFolder.ReadLabels(m), result, $"t{gt.T}"));
        }
        return new CtcModelScore(CtcSeg.Combine(seg), det.Count > 0 ? CtcDet.Combine(det) : null, scales, seg.Count);
    }

    /// <summary>DSB mAP over the held-out images of the shared subset at <paramref name="subset"/> that <paramref name="take"/> keeps (by id and kind: fluo, color, histo, brightfield).</summary>
    public static (DsbScore Score, int Images) Dsb(OnnxSegmenter model, string subset, Func<int, string, bool> take)
    {
        var root = SharedData.FindShared(subset)!;
        var kinds = DsbKinds(Path.Combine(Path.GetDirectoryName(root)!, "ids.tsv"));
        var images = new List<(string, LabelImage, LabelImage)>();
        int i = 0;
        foreach (var id in DsbFolder.ImageIds(root))
        {
            if (!take(i++, kinds.GetValueOrDefault(id, ""))) continue;
            using var img = Cv2.ImRead(Path.Combine(root, id, "images", id + ".png"), ImreadModes.Unchanged);
            images.Add((id, DsbFolder.ReadReference(root, id), model.Segment(img)));
        }
        return (DsbMetric.Score(images), images.Count);
    }

    /// <summary>Image id → kind (the subset's <c>ids.tsv</c>: ImageId, height, width, channels, kind, n_masks); empty when the file is absent.</summary>
    private static Dictionary<string, string> DsbKinds(string tsv) =>
        File.Exists(tsv)
            ? File.ReadLines(tsv).Skip(1).Select(l => l.Split('\t')).Where(c => c.Length > 4).ToDictionary(c => c[0], c => c[4])
            : [];
}
