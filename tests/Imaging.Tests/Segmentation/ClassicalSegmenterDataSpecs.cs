using System.Diagnostics;
using OpenCvSharp;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>Scores the classical segmenter against the shared ground truth (skipped without the data).</summary>
public sealed class ClassicalSegmenterDataSpecs(ITestOutputHelper output)
{
    private static string Ctc(string folder, string name) => Path.Combine(SegmentationDataFactAttribute.Root, folder, name);

    private SegScore ScoreCtc(string seqDir, string preset, int maxFrames, out double msPerFrame)
    {
        var segDir = seqDir + "_GT/SEG";
        var gts = Directory.GetFiles(segDir, "man_seg*.tif").Order(StringComparer.Ordinal).ToArray();
        int step = Math.Max(1, gts.Length / maxFrames);
        var o = SegmentationOptions.ForPreset(preset);
        var total = SegScore.Zero;
        var sw = new Stopwatch();
        int frames = 0;
        for (int i = 0; i < gts.Length; i += step)
        {
            var t = Path.GetFileNameWithoutExtension(gts[i])["man_seg".Length..];
            using var raw = Cv2.ImRead(Path.Combine(seqDir, $"t{t}.tif"), ImreadModes.Unchanged);
            using var den = SegEval.Denoise(raw);
            sw.Start();
            var labels = ClassicalSegmenter.Segment(den, o);
            sw.Stop();
            frames++;
            var s = SegEval.Score(SegEval.ReadLabels(gts[i]), labels.Labels);
            output.WriteLine($"{Path.GetFileName(gts[i])}: gt={s.GtObjects} found={labels.Count} meanIoU={s.MeanIou:F3} recall={s.Recall:F3}");
            total = total.Add(s);
        }
        msPerFrame = sw.Elapsed.TotalMilliseconds / frames;
        output.WriteLine($"{preset}: frames={frames} gt={total.GtObjects} meanIoU={total.MeanIou:F3} recall={total.Recall:F3} {msPerFrame:F1} ms/frame");
        return total;
    }

    [SegmentationDataFact]
    public void Sim_matches_ground_truth()
    {
        var s = ScoreCtc(Ctc("ctc-fluo-n2dh-sim", "Fluo-N2DH-SIM+/01"), "sim", 10, out _);
        // Measured 0.841 mean matched IoU, 0.945 recall over 11 frames / 438 nuclei.
        Assert.True(s.MeanIou >= 0.78, $"mean IoU {s.MeanIou:F3}");
        Assert.True(s.Recall >= 0.88, $"recall {s.Recall:F3}");
    }

    [SegmentationDataFact]
    public void Gowt1_matches_annotated_objects()
    {
        var s = ScoreCtc(Ctc("ctc-fluo-n2dh-gowt1", "Fluo-N2DH-GOWT1/01"), "gowt1", 10, out _);
        // Measured 0.510 mean matched IoU, 0.564 recall over 10 frames / 39 annotated nuclei (dim, textured nuclei are the misses).
        Assert.True(s.MeanIou >= 0.42, $"mean IoU {s.MeanIou:F3}");
        Assert.True(s.Recall >= 0.45, $"recall {s.Recall:F3}");
    }

    [SegmentationDataFact]
    public void Msc_matches_annotated_objects()
    {
        var s = ScoreCtc(Ctc("ctc-fluo-c2dl-msc", "Fluo-C2DL-MSC/01"), "msc", 10, out _);
        // Measured 0.485 mean matched IoU, 0.598 recall over 18 frames / 112 annotated cells (thin protrusions are missed).
        Assert.True(s.MeanIou >= 0.40, $"mean IoU {s.MeanIou:F3}");
        Assert.True(s.Recall >= 0.50, $"recall {s.Recall:F3}");
    }

    [SegmentationDataFact]
    public void Dsb_subset_matches_annotated_nuclei()
    {
        var root = Path.Combine(SegmentationDataFactAttribute.Root, "dsb2018-stage1-train-subset", "stage1_train");
        var o = SegmentationOptions.ForPreset("dsb");
        var total = SegScore.Zero;
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var (gray, gt) = SegEval.ReadDsb(dir);
            using (gray)
            {
                using var den = SegEval.Denoise(gray);
                var labels = ClassicalSegmenter.Segment(den, o);
                var s = SegEval.Score(gt, labels.Labels);
                output.WriteLine($"{Path.GetFileName(dir)[..8]}: gt={s.GtObjects} found={labels.Count} meanIoU={s.MeanIou:F3} recall={s.Recall:F3}");
                total = total.Add(s);
            }
        }
        output.WriteLine($"dsb: gt={total.GtObjects} meanIoU={total.MeanIou:F3} recall={total.Recall:F3}");
        // Measured 0.566 mean matched IoU, 0.646 recall over 79 images / 4,606 nuclei (histology and brightfield are the weak part).
        Assert.True(total.MeanIou >= 0.50, $"mean IoU {total.MeanIou:F3}");
        Assert.True(total.Recall >= 0.58, $"recall {total.Recall:F3}");
    }

    [SegmentationDataFact]
    public void Segment_time_per_frame_is_reported()
    {
        foreach (var (path, preset) in new[]
        {
            (Path.Combine(Ctc("ctc-fluo-n2dh-sim", "Fluo-N2DH-SIM+/01"), "t030.tif"), "sim"),
            (Path.Combine(Ctc("ctc-fluo-c2dl-msc", "Fluo-C2DL-MSC/01"), "t029.tif"), "msc"),
            (Path.Combine(Ctc("ctc-fluo-c2dl-msc", "Fluo-C2DL-MSC/01"), "t029.tif"), "sim"),
            (Path.Combine(Ctc("ctc-fluo-n2dh-gowt1", "Fluo-N2DH-GOWT1/01"), "t030.tif"), "gowt1"),
        })
        {
            using var raw = Cv2.ImRead(path, ImreadModes.Unchanged);
            using var den = SegEval.Denoise(raw);
            var o = SegmentationOptions.ForPreset(preset);
            for (int i = 0; i < 3; i++) ClassicalSegmenter.Segment(den, o);
            var times = new List<double>();
            for (int i = 0; i < 15; i++)
            {
                var sw = Stopwatch.StartNew();
                ClassicalSegmenter.Segment(den, o);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            output.WriteLine($"TIMING {Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))} {raw.Rows}x{raw.Cols} {raw.Type()} preset={preset}: median {times[times.Count / 2]:F1} ms, min {times[0]:F1} ms");
            Assert.True(times[0] < 1000, "segmentation is pathologically slow");
        }
    }
}
