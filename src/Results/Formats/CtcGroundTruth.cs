using System.Globalization;
using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;

namespace CellActors.Results.Formats;

/// <summary>
/// Imports a Cell Tracking Challenge ground-truth folder (<c>NN_GT</c>) into the results database, so that ground truth
/// and results can be compared in SQL: every annotated image of <c>SEG/</c> (<c>man_segTTT.tif</c>, partial 3D slices
/// <c>man_seg_TTT_ZZZ.tif</c>) and <c>TRA/</c> (<c>man_trackTTT.tif</c>) becomes <c>gt_frames</c> rows (one per frame,
/// or per z-slice of a volume) and its objects <c>gt_objects</c> rows (label, area, centroid, bounding box and the
/// full-length RLE in the results' convention), and <c>TRA/man_track.txt</c> becomes <c>gt_tracks</c>. Rows carry the
/// <c>image_id</c> the pipeline gives the raw frame they annotate, so they join with <c>frames</c>/<c>objects</c>.
/// Importing again under the same job replaces that job's ground truth in one transaction (idempotent).
/// </summary>
public static class CtcGroundTruth
{
    /// <summary>
    /// Imports <paramref name="gtDir"/> into <c>resultsDir/cellactors.db</c> (created if needed).
    /// <paramref name="dataset"/> defaults to the name of the folder holding <paramref name="gtDir"/>,
    /// <paramref name="sequence"/> to its name without <c>_GT</c>, <paramref name="job"/> to <c>{dataset}/{sequence}_GT</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">the folder is missing, or has neither <c>SEG/</c> nor <c>TRA/</c>.</exception>
    /// <exception cref="ArgumentException">no sequence given and the folder name does not end in <c>_GT</c>.</exception>
    /// <exception cref="InvalidDataException">a ground-truth image or <c>man_track.txt</c> is malformed (nothing is written).</exception>
    public static CtcGroundTruthImportSummary Import(string gtDir, string resultsDir, string? job = null, string? dataset = null, string? sequence = null)
    {
        ArgumentNullException.ThrowIfNull(gtDir);
        ArgumentNullException.ThrowIfNull(resultsDir);
        if (!Directory.Exists(gtDir)) throw new DirectoryNotFoundException($"ground-truth folder not found: {gtDir}");
        var full = Path.GetFullPath(gtDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        string name = Path.GetFileName(full);
        if (sequence is null)
        {
            if (!name.EndsWith("_GT", StringComparison.OrdinalIgnoreCase) || name.Length == 3)
                throw new ArgumentException($"cannot tell the sequence from the folder name '{name}' (expected NN_GT): give --sequence");
            sequence = name[..^3];
        }
        dataset ??= Path.GetFileName(Path.GetDirectoryName(full)) is { Length: > 0 } d ? d : throw new ArgumentException($"cannot tell the dataset of {full}: give --dataset");
        job ??= $"{dataset}/{sequence}_GT";

        bool hasSeg = Directory.Exists(Path.Combine(full, "SEG")), hasTra = Directory.Exists(Path.Combine(full, "TRA"));
        if (!hasSeg && !hasTra) throw new DirectoryNotFoundException($"{full} has neither SEG/ nor TRA/");
        var seg = hasSeg ? CtcFolder.SegFiles(full) : [];
        var tra = hasTra ? CtcFolder.TraFiles(full) : [];
        if (seg.Count == 0 && tra.Count == 0) throw new InvalidDataException($"{full}: no man_seg*.tif in SEG/ and no man_track*.tif in TRA/");
        var trackFile = CtcFolder.ReferenceTrackFile(full);
        var tracks = File.Exists(trackFile)
            ? CtcTrackFile.Read(trackFile).Select(t => new GtTrackRow(t.Label, t.Begin, t.End, t.Parent > 0 ? t.Parent : null)).ToList()
            : [];

        Directory.CreateDirectory(resultsDir);
        var dbPath = Path.Combine(resultsDir, "cellactors.db");
        using var store = ResultStore.OpenSqlite(dbPath);
        var record = store.ReplaceGroundTruth(job, full, dataset, sequence, Rows(seg, "SEG", dataset, sequence).Concat(Rows(tra, "TRA", dataset, sequence)), tracks);
        return new CtcGroundTruthImportSummary(dbPath, record);
    }

    /// <summary>Reads each file page by page (one frame at a time) and yields its frame row and object rows.</summary>
    private static IEnumerable<(GtFrameRow, IReadOnlyList<GtObjectRow>)> Rows(IReadOnlyList<CtcFile> files, string source, string dataset, string sequence)
    {
        foreach (var f in files)
        {
            int pages = CtcFolder.CountPages(f.Path);
            for (int p = 0; p < pages; p++)
            {
                LabelImage labels;
                try { labels = CtcFolder.ReadPage(f.Path, p); }
                catch (InvalidDataException ex) { throw new InvalidDataException($"{f.Path} page {p}: {ex.Message}", ex); }
                bool volume = pages > 1 || f.Slice >= 0;
                int z = f.Slice >= 0 ? f.Slice : p;
                string id = $"{dataset}/{sequence}/t{f.T.ToString("D4", CultureInfo.InvariantCulture)}";
                if (volume) id += $"/z{z.ToString("D4", CultureInfo.InvariantCulture)}";
                var rles = Rle.EncodeAll(labels);
                var objects = ObjectMeasurer.Measure(labels)
                    .Select(m => new GtObjectRow(m.Label, m.Area, m.CentroidX, m.CentroidY, m.BboxX, m.BboxY, m.BboxWidth, m.BboxHeight, rles[m.Label - 1]))
                    .ToList();
                yield return (new GtFrameRow(source, id, dataset, sequence, f.T, volume ? z : 0, labels.Height, labels.Width, objects.Count, f.Path, p), objects);
            }
        }
    }
}
