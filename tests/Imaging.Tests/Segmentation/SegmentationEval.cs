using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>A fact that runs only when the shared datasets folder is present.</summary>
public sealed class SegmentationDataFactAttribute : FactAttribute
{
    /// <summary>Root of the shared datasets.</summary>
    public static readonly string Root = Environment.GetEnvironmentVariable("CELLACTORS_DATASETS") ?? FindUpwards();

    private static string FindUpwards()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return "/work/shared/datasets";
    }

    /// <summary>Skips when the shared datasets are missing.</summary>
    public SegmentationDataFactAttribute()
    {
        if (!Directory.Exists(Root)) Skip = $"shared datasets not found at {Root}";
    }
}

/// <summary>Scores of a segmentation against (possibly partial) ground truth.</summary>
internal sealed record SegScore(int GtObjects, double SumIou, int Matched)
{
    public double MeanIou => GtObjects == 0 ? 0 : SumIou / GtObjects;
    public double Recall => GtObjects == 0 ? 0 : Matched / (double)GtObjects;
    public SegScore Add(SegScore o) => new(GtObjects + o.GtObjects, SumIou + o.SumIou, Matched + o.Matched);
    public static SegScore Zero { get; } = new(0, 0, 0);
}

/// <summary>Ground-truth matching helpers for the segmentation tests.</summary>
internal static class SegEval
{
    /// <summary>
    /// Per GT object: the result object with the largest overlap; CTC SEG rule: it matches when it covers more than
    /// half of the GT object, and then the GT object scores its IoU (0 otherwise). Matched = IoU ≥ 0.5.
    /// </summary>
    public static SegScore Score(int[] gt, int[] result)
    {
        var overlap = new Dictionary<long, int>();
        var gtArea = new Dictionary<int, int>();
        var resArea = new Dictionary<int, int>();
        for (int i = 0; i < gt.Length; i++)
        {
            int g = gt[i], r = result[i];
            if (r > 0) resArea[r] = resArea.GetValueOrDefault(r) + 1;
            if (g <= 0) continue;
            gtArea[g] = gtArea.GetValueOrDefault(g) + 1;
            if (r > 0) { long key = ((long)g << 32) | (uint)r; overlap[key] = overlap.GetValueOrDefault(key) + 1; }
        }
        var best = new Dictionary<int, (int R, int Inter)>();
        foreach (var (key, inter) in overlap)
        {
            int g = (int)(key >> 32), r = (int)(key & 0xFFFFFFFF);
            if (!best.TryGetValue(g, out var b) || inter > b.Inter) best[g] = (r, inter);
        }
        double sum = 0;
        int matched = 0;
        foreach (var (g, area) in gtArea)
        {
            if (!best.TryGetValue(g, out var b) || b.Inter * 2 <= area) continue;
            double iou = b.Inter / (double)(area + resArea[b.R] - b.Inter);
            sum += iou;
            if (iou >= 0.5) matched++;
        }
        return new SegScore(gtArea.Count, sum, matched);
    }

    public static int[] ReadLabels(string path)
    {
        using var m = Cv2.ImRead(path, ImreadModes.Unchanged);
        using var i32 = new Mat();
        m.ConvertTo(i32, MatType.CV_32S);
        var arr = new int[m.Rows * m.Cols];
        i32.AsSpan<int>().CopyTo(arr);
        return arr;
    }

    public static Mat Denoise(Mat raw)
    {
        var d = new Mat();
        if (raw.Depth() == MatType.CV_8U || raw.Depth() == MatType.CV_16U) Cv2.MedianBlur(raw, d, 3);
        else raw.CopyTo(d);
        return d;
    }

    /// <summary>DSB image (possibly RGBA) as gray, and its GT label image built from masks/*.png.</summary>
    public static (Mat Gray, int[] Gt) ReadDsb(string dir)
    {
        var id = Path.GetFileName(dir);
        var gray = Cv2.ImRead(Path.Combine(dir, "images", id + ".png"), ImreadModes.Grayscale);
        var gt = new int[gray.Rows * gray.Cols];
        int l = 0;
        foreach (var f in Directory.GetFiles(Path.Combine(dir, "masks"), "*.png").Order(StringComparer.Ordinal))
        {
            l++;
            using var m = Cv2.ImRead(f, ImreadModes.Grayscale);
            var s = m.AsSpan<byte>();
            for (int i = 0; i < s.Length; i++) if (s[i] > 0) gt[i] = l;
        }
        return (gray, gt);
    }
}
