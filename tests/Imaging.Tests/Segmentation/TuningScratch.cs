using OpenCvSharp;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Imaging.Tests.Segmentation;

public sealed class TuningScratch(ITestOutputHelper output)
{
    [SegmentationDataFact]
    public void Dump()
    {
        var items = (Environment.GetEnvironmentVariable("DUMP") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
        {
            // item = folder|seq|t|preset
            var p = item.Split('|');
            var dir = Path.Combine(SegmentationDataFactAttribute.Root, p[0], p[1]);
            using var raw = Cv2.ImRead(Path.Combine(dir, $"t{p[2]}.tif"), ImreadModes.Unchanged);
            using var den = SegEval.Denoise(raw);
            var labels = ClassicalSegmenter.Segment(den, SegmentationOptions.ForPreset(p[3]));
            var gt = SegEval.ReadLabels(dir + $"_GT/SEG/man_seg{p[2]}.tif");
            using var n8 = new Mat();
            Cv2.Normalize(den, n8, 0, 255, NormTypes.MinMax, (int)MatType.CV_8U);
            using var col = new Mat();
            Cv2.CvtColor(n8, col, ColorConversionCodes.GRAY2BGR);
            var c = col.AsSpan<byte>();
            int w = raw.Cols;
            for (int i = 0; i < labels.Labels.Length; i++)
            {
                int y = i / w, x = i % w;
                bool edge = labels.Labels[i] > 0 && (x == 0 || labels.Labels[i - 1] != labels.Labels[i] || y == 0 || labels.Labels[i - w] != labels.Labels[i]);
                bool gedge = gt[i] > 0 && (x == 0 || gt[i - 1] != gt[i] || y == 0 || gt[i - w] != gt[i]);
                if (edge) { c[i * 3] = 0; c[i * 3 + 1] = 0; c[i * 3 + 2] = 255; }
                if (gedge) { c[i * 3] = 0; c[i * 3 + 1] = 255; c[i * 3 + 2] = 0; }
            }
            Cv2.ImWrite($"/tmp/dump_{p[3]}_{p[2]}.png", col);
            output.WriteLine($"{item}: {labels.Count}");
        }
    }

    private SegScore Ctc(string folder, string seq, SegmentationOptions o, int maxFrames)
    {
        var seqDir = Path.Combine(SegmentationDataFactAttribute.Root, folder, seq);
        var gts = Directory.GetFiles(seqDir + "_GT/SEG", "man_seg*.tif").Order(StringComparer.Ordinal).ToArray();
        int step = Math.Max(1, gts.Length / maxFrames);
        var total = SegScore.Zero;
        for (int i = 0; i < gts.Length; i += step)
        {
            var t = Path.GetFileNameWithoutExtension(gts[i])["man_seg".Length..];
            using var raw = Cv2.ImRead(Path.Combine(seqDir, $"t{t}.tif"), ImreadModes.Unchanged);
            using var den = SegEval.Denoise(raw);
            total = total.Add(SegEval.Score(SegEval.ReadLabels(gts[i]), ClassicalSegmenter.Segment(den, o).Labels));
        }
        return total;
    }

    private SegScore Dsb(SegmentationOptions o)
    {
        var root = Path.Combine(SegmentationDataFactAttribute.Root, "dsb2018-stage1-train-subset", "stage1_train");
        var total = SegScore.Zero;
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var (gray, gt) = SegEval.ReadDsb(dir);
            using (gray) { using var den = SegEval.Denoise(gray); total = total.Add(SegEval.Score(gt, ClassicalSegmenter.Segment(den, o).Labels)); }
        }
        return total;
    }

    [SegmentationDataFact]
    public void Grid()
    {
        var which = Environment.GetEnvironmentVariable("GRID") ?? "";
        foreach (var (name, o) in Variants())
        {
            if (!name.StartsWith(which, StringComparison.Ordinal)) continue;
            var ds = name.Split(':')[0];
            var s = ds switch
            {
                "sim" => Ctc("ctc-fluo-n2dh-sim", "Fluo-N2DH-SIM+/01", o, 12),
                "gowt1" => Ctc("ctc-fluo-n2dh-gowt1", "Fluo-N2DH-GOWT1/01", o, 15),
                "msc" => Ctc("ctc-fluo-c2dl-msc", "Fluo-C2DL-MSC/01", o, 18),
                _ => Dsb(o),
            };
            output.WriteLine($"GRID {name}: gt={s.GtObjects} meanIoU={s.MeanIou:F3} recall={s.Recall:F3}");
        }
    }

    private static IEnumerable<(string, SegmentationOptions)> Variants()
    {
        yield return ("sim:preset", SegmentationOptions.ForPreset("sim"));
        var g = SegmentationOptions.ForPreset("gowt1") with { MinPeakDistance = 25, PeakMinHeight = 10 };
        foreach (var cf in new[] { 1.0, 1.5, 2.0 }) yield return ($"gowt1:log{cf}", g with { CorrectionFactor = cf });
        yield return ("msc:preset", SegmentationOptions.ForPreset("msc"));
        var d = SegmentationOptions.ForPreset("dsb") with { Method = ThresholdMethod.Local, BlockSize = 31, LocalGlobalFloor = 0.7 };
        yield return ("dsb:l-b31", d);
        yield return ("dsb:l-b31nolog", d with { LogTransform = false });
    }
}
