using CellActors.GpuWorker;

namespace CellActors.Cli;

/// <summary>How status lines show detectors: <c>2 × cpu (unet)</c>, <c>cuda:0, cuda:1 (onnx:/models/m)</c>.</summary>
internal static class DetectorSummary
{
    public static string Format(IReadOnlyList<string>? providers, string? segmentation)
    {
        if (providers is null || providers.Count == 0) return "none registered";
        var groups = providers.GroupBy(p => p, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() > 1 ? $"{g.Count()} × {g.Key}" : g.Key);
        var seg = segmentation is null ? "" : $" ({SegmenterSetting.DisplayName(segmentation)})";
        return string.Join(", ", groups) + seg;
    }
}
