using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Messages;
using CellActors.Reading.Evaluation;
using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports one sequence of a results database as a Cell Tracking Challenge result folder: one uint16
/// <c>maskTTT.tif</c> per time point (four digits when the sequence goes past t = 999), background 0 and each
/// object's pixels set to its <c>label</c> (decoded from its RLE with the frame's height and width). 3D frames
/// (several z per t) become multi-page TIFFs, one page per z. Time points of the job's manifest that have no
/// frame (an input that could not be read) are written as empty masks of the sequence's shape, so the folder is
/// complete for the official evaluator, and reported. When the sequence has been tracked (<c>cellactors track</c>),
/// each object's pixels are set to its track's CTC label instead (<c>track_id</c> minus the sequence's id offset,
/// so the labels of every sequence start at 1) and <c>res_track.txt</c> lists the tracks as <c>L B E P</c> lines,
/// so masks and lineage agree as the CTC requires.
/// </summary>
public static class CtcExport
{
    /// <summary>Writes the masks of <paramref name="sequence"/> (of <paramref name="dataset"/>, needed when several datasets have that sequence) to <paramref name="outDir"/>.</summary>
    /// <exception cref="ArgumentException">no such sequence, or it is ambiguous.</exception>
    /// <exception cref="InvalidDataException">frames of the sequence clash (two frames at one t and z) or a label does not fit in 16 bits.</exception>
    /// <remarks><paramref name="outDir"/> may be an HDFS location: every mask is then written through a temporary name (<see cref="ExportTarget"/>).</remarks>
    public static CtcExportSummary Export(string resultsDir, string sequence, string? dataset, string outDir, string? job = null)
    {
        if (ExportTarget.IsRemote(outDir))
        {
            using (ResultsDatabase.Open(resultsDir, job)) { }
            return ExportTarget.Folder(outDir, local => Export(resultsDir, sequence, dataset, local, job));
        }
        using var db = ResultsDatabase.Open(resultsDir, job);
        var datasets = new List<string>();
        using (var cmd = db.Command("SELECT DISTINCT dataset FROM inputs WHERE job = @job AND sequence = @seq ORDER BY dataset", ("@seq", sequence)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) datasets.Add(r.GetString(0));
        }
        if (dataset is null)
        {
            if (datasets.Count == 0) throw new ArgumentException($"job '{db.Job}' has no sequence '{sequence}'");
            if (datasets.Count > 1) throw new ArgumentException($"sequence '{sequence}' exists in several datasets ({string.Join(", ", datasets)}): choose one with --dataset");
            dataset = datasets[0];
        }
        else if (!datasets.Contains(dataset))
        {
            throw new ArgumentException($"job '{db.Job}' has no sequence '{sequence}' in dataset '{dataset}' (datasets with it: {string.Join(", ", datasets)})");
        }

        var times = new SortedSet<int>();
        using (var cmd = db.Command("SELECT DISTINCT t FROM inputs WHERE job = @job AND dataset = @ds AND sequence = @seq", ("@ds", dataset), ("@seq", sequence)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) times.Add(r.GetInt32(0));
        }
        var frames = new List<(string Id, int T, int Z, int H, int W)>();
        using (var cmd = db.Command("SELECT image_id, t, z, height, width FROM frames WHERE job = @job AND dataset = @ds AND sequence = @seq ORDER BY t, z", ("@ds", dataset), ("@seq", sequence)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) frames.Add((r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)));
        }
        foreach (var f in frames) times.Add(f.T);
        if (times.Count == 0) throw new ArgumentException($"sequence '{sequence}' of '{dataset}' has no frame");
        var clash = frames.GroupBy(f => (f.T, f.Z)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidDataException($"frames {string.Join(", ", clash.Select(f => f.Id))} share t = {clash.Key.T}, z = {clash.Key.Z}: not a CTC sequence");

        Directory.CreateDirectory(outDir);
        int maxT = times.Max;
        var byT = frames.GroupBy(f => f.T).ToDictionary(g => g.Key, g => g.OrderBy(f => f.Z).ToList());
        var (shapeH, shapeW, depth) = frames.Count > 0 ? (frames[0].H, frames[0].W, frames.GroupBy(f => f.T).Max(g => g.Count())) : (0, 0, 1);
        int? idOffset = TrackIdOffset(db, dataset, sequence);
        bool tracked = idOffset is not null;
        using var objCmd = db.Command("SELECT label, rle, track_id FROM objects WHERE job = @job AND image_id = @id ORDER BY label");
        var pId = SqlCommands.AddParameter(objCmd, "@id", "");
        long objects = 0;
        var filled = new List<int>();
        foreach (int t in times)
        {
            var path = Path.Combine(outDir, CtcFolder.MaskFileName(t, maxT));
            if (!byT.TryGetValue(t, out var slices))
            {
                if (frames.Count == 0) continue;
                filled.Add(t);
                WritePages(path, Enumerable.Range(0, depth).Select(_ => LabelImage.Empty(shapeH, shapeW)).ToList());
                continue;
            }
            var pages = new List<LabelImage>(slices.Count);
            foreach (var s in slices)
            {
                var labels = new int[checked(s.H * s.W)];
                int max = 0;
                pId.Value = s.Id;
                using (var r = objCmd.ExecuteReader())
                {
                    while (r.Read())
                    {
                        int label = r.GetInt32(0);
                        if (tracked)
                        {
                            if (r.IsDBNull(2)) throw new InvalidDataException($"{s.Id}: object {label} has no track id although the sequence is tracked; track it again with --force");
                            label = checked((int)(r.GetInt64(2) - idOffset!.Value));
                        }
                        if ((uint)label > ushort.MaxValue) throw new InvalidDataException($"{s.Id}: {(tracked ? "track id" : "label")} {label} does not fit in a uint16 CTC mask");
                        Rle.DecodeInto(r.GetString(1), label, labels, s.H, s.W, s.Id);
                        max = Math.Max(max, label);
                        objects++;
                    }
                }
                pages.Add(new LabelImage(s.H, s.W, labels, max));
            }
            WritePages(path, pages);
        }
        int? trackLines = tracked ? WriteTracks(db, dataset, sequence, idOffset!.Value, Path.Combine(outDir, "res_track.txt")) : null;
        return new CtcExportSummary(dataset, sequence, times.Count - (frames.Count == 0 ? times.Count : 0), objects, filled, trackLines);
    }

    /// <summary>
    /// The offset of the sequence's track ids (CTC label = track_id − offset) when its tracking finished, else null
    /// (a database from before tracking existed has no tracking table).
    /// </summary>
    private static int? TrackIdOffset(ResultsDatabase db, string dataset, string sequence)
    {
        using (var exists = db.Command(db.Dialect.TableExists, ("@table", "tracking")))
            if (SqlCommands.ToLong(exists.ExecuteScalar()) == 0) return null;
        using var cmd = db.Command("SELECT id_offset FROM tracking WHERE job = @job AND dataset = @ds AND sequence = @seq AND status = @done", ("@ds", dataset), ("@seq", sequence), ("@done", TrackingStatus.Done.StoredName()));
        return cmd.ExecuteScalar() is { } offset and not DBNull ? SqlCommands.ToInt(offset) : null;
    }

    private static int WriteTracks(ResultsDatabase db, string dataset, string sequence, int offset, string path)
    {
        using var cmd = db.Command("SELECT track_id, t_start, t_end, COALESCE(parent_track_id, 0) FROM tracks WHERE job = @job AND dataset = @ds AND sequence = @seq ORDER BY track_id",
            ("@ds", dataset), ("@seq", sequence));
        using var r = cmd.ExecuteReader();
        var tracks = new List<CtcTrack>();
        while (r.Read())
        {
            int id = checked((int)(r.GetInt64(0) - offset)), parent = r.GetInt64(3) == 0 ? 0 : checked((int)(r.GetInt64(3) - offset));
            tracks.Add(new CtcTrack(id, r.GetInt32(1), r.GetInt32(2), parent));
        }
        CtcTrackFile.Write(path, tracks);
        return tracks.Count;
    }

    private static void WritePages(string path, IReadOnlyList<LabelImage> pages)
    {
        if (pages.Count == 1)
        {
            CtcFolder.WriteLabels(path, pages[0]);
            return;
        }
        LabelPages.WriteUInt16(path, pages);
    }
}
