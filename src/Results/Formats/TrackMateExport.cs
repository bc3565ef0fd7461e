using System.Globalization;
using System.Text;
using System.Xml;
using CellActors.Messages;
using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports one tracked sequence as a TrackMate XML file (what Fiji's TrackMate writes and opens with "Load a TrackMate
/// file"): <c>&lt;TrackMate&gt;</c> with <c>Log</c>, <c>Model</c> (feature declarations, every tracked object of the
/// sequence as a spot at its centroid, the tracks as edges, the filtered tracks) and <c>Settings</c> (the image's size
/// and calibration). TrackMate represents a lineage as one track whose graph branches, so the CellActors tracks of a
/// lineage (a root track and every track descending from it through <c>parent_track_id</c>: divisions and gap
/// closings) become one TrackMate track, named and numbered after its root: consecutive observations of a CellActors
/// track are linked, and a parent's last spot is linked to each child's first spot. A lineage of a single spot has no
/// edge and is not a TrackMate track (TrackMate has none without edges); its spot is in <c>AllSpots</c>.
/// </summary>
public static class TrackMateExport
{
    /// <summary>The TrackMate file version written.</summary>
    public const string Version = "7.13.2";

    private sealed record Feature(string Key, string Name, string ShortName, string Dimension, bool IsInt);

    private sealed record Spot(int Id, long ImageLabel, string ImageId, int T, long TrackId, double X, double Y, List<(string Key, double Value)> Features);

    /// <summary>Writes <paramref name="xmlPath"/> (local, or an HDFS location through <see cref="ExportTarget"/>). Returns (spots, TrackMate tracks, edges).</summary>
    /// <param name="results">Results folder, its database file, or a <c>mysql://</c> URL.</param>
    /// <param name="xmlPath">The file to write.</param>
    /// <param name="sequence">The sequence; may be null when the job has exactly one tracked sequence.</param>
    /// <param name="dataset">The dataset; may be null unless several datasets have <paramref name="sequence"/>.</param>
    /// <param name="job">The job, or null when the database holds one.</param>
    /// <exception cref="InvalidDataException">the job, or the sequence, is not tracked.</exception>
    /// <exception cref="ArgumentException">no such sequence; or several and none chosen.</exception>
    public static (int Spots, int Tracks, int Edges) Export(string results, string xmlPath, string? sequence = null, string? dataset = null, string? job = null)
    {
        ArgumentNullException.ThrowIfNull(xmlPath);
        if (ExportTarget.IsRemote(xmlPath))
        {
            using (var check = ResultsDatabase.Open(results, job))
            {
                NapariExport.RequireTracked(check);
                Choose(check, sequence, dataset);
            }
            return ExportTarget.File(xmlPath, local => Export(results, local, sequence, dataset, job));
        }
        using var db = ResultsDatabase.Open(results, job);
        NapariExport.RequireTracked(db);
        var (ds, seq) = Choose(db, sequence, dataset);
        var frameColumns = ColumnsOf(db, "frames");
        var objectColumns = ColumnsOf(db, "objects");

        // Image size and calibration.
        int width = 0, height = 0, maxT = 0;
        double? psx = null, psy = null, psz = null, dt = null;
        string? uri = null;
        string Opt(string c) => frameColumns.Contains(c) ? $"MAX({c})" : "NULL";
        using (var cmd = db.Command($"""
            SELECT MAX(width), MAX(height), MAX(t), {Opt("physical_size_x")}, {Opt("physical_size_y")}, {Opt("physical_size_z")}, {Opt("time_increment")}, MIN(uri)
            FROM frames WHERE job = @job AND dataset = @ds AND sequence = @seq
            """, ("@ds", ds), ("@seq", seq)))
        {
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                (width, height, maxT) = (SqlCommands.ToInt(r.GetValue(0)), SqlCommands.ToInt(r.GetValue(1)), SqlCommands.ToInt(r.GetValue(2)));
                psx = Nullable(r.GetValue(3));
                psy = Nullable(r.GetValue(4));
                psz = Nullable(r.GetValue(5));
                dt = Nullable(r.GetValue(6));
                uri = r.IsDBNull(7) ? null : Convert.ToString(r.GetValue(7), CultureInfo.InvariantCulture);
            }
        }
        bool calibrated = psx is > 0;
        double sx = calibrated ? psx!.Value : 1, sy = calibrated ? (psy is > 0 ? psy.Value : psx!.Value) : 1, sz = calibrated && psz is > 0 ? psz.Value : 1;
        bool timed = dt is > 0;
        double st = timed ? dt!.Value : 1;
        bool square = Math.Abs(sx - sy) <= 1e-12 * Math.Max(sx, sy);

        // Spot features: TrackMate's own, then the object's measurements.
        var features = new List<Feature>
        {
            new("QUALITY", "Quality", "Quality", "QUALITY", false),
            new("POSITION_X", "X", "X", "POSITION", false),
            new("POSITION_Y", "Y", "Y", "POSITION", false),
            new("POSITION_Z", "Z", "Z", "POSITION", false),
            new("POSITION_T", "T", "T", "TIME", false),
            new("FRAME", "Frame", "Frame", "NONE", true),
            new("RADIUS", "Radius", "R", "LENGTH", false),
            new("VISIBILITY", "Visibility", "Visibility", "NONE", true),
            new("AREA", "Area", "Area", "AREA", false),
            new("MEAN_INTENSITY", "Mean intensity", "Mean", "INTENSITY", false),
            new("MIN_INTENSITY", "Min intensity", "Min", "INTENSITY", false),
            new("MAX_INTENSITY", "Max intensity", "Max", "INTENSITY", false),
            new("TOTAL_INTENSITY", "Sum intensity", "Sum", "INTENSITY", false),
            new("CELLACTORS_LABEL", "CellActors label", "Label", "NONE", true),
            new("CELLACTORS_TRACK_ID", "CellActors track id", "CA track", "NONE", true),
        };
        // Optional shape measurements (NULL in rows written before schema 6: left out of that spot).
        var shapes = new List<(string Column, Feature Feature, double Scale)>();
        if (objectColumns.Contains("perimeter") && square) shapes.Add(("perimeter", new("PERIMETER", "Perimeter", "Perim.", "LENGTH", false), sx));
        if (objectColumns.Contains("form_factor")) shapes.Add(("form_factor", new("CIRCULARITY", "Circularity", "Circ.", "NONE", false), 1));
        if (objectColumns.Contains("solidity")) shapes.Add(("solidity", new("SOLIDITY", "Solidity", "Solidity", "NONE", false), 1));
        if (objectColumns.Contains("eccentricity")) shapes.Add(("eccentricity", new("CELLACTORS_ECCENTRICITY", "Eccentricity", "Ecc.", "NONE", false), 1));
        features.AddRange(shapes.Select(s => s.Feature));

        // Per-channel intensities, TrackMate's naming (channels counted from 1).
        var channelStats = new[] { ("mean", "MEAN_INTENSITY_CH", "Mean intensity ch", "Mean ch"), ("min", "MIN_INTENSITY_CH", "Min intensity ch", "Min ch"),
            ("max", "MAX_INTENSITY_CH", "Max intensity ch", "Max ch"), ("sum", "TOTAL_INTENSITY_CH", "Sum intensity ch", "Sum ch"), ("std", "STD_INTENSITY_CH", "Std intensity ch", "Std ch") };
        var channels = new List<int>();
        bool perChannel = TableExists(db, "object_intensities");
        if (perChannel)
        {
            using var cmd = db.Command("""
                SELECT DISTINCT i.channel FROM object_intensities i JOIN frames f ON f.job = i.job AND f.image_id = i.image_id
                WHERE i.job = @job AND f.dataset = @ds AND f.sequence = @seq ORDER BY i.channel
                """, ("@ds", ds), ("@seq", seq));
            using var r = cmd.ExecuteReader();
            while (r.Read()) channels.Add(SqlCommands.ToInt(r.GetValue(0)));
            foreach (var (_, key, name, shortName) in channelStats)
                foreach (var c in channels)
                    features.Add(new($"{key}{c + 1}", $"{name}{c + 1}", $"{shortName}{c + 1}", "INTENSITY", false));
        }

        // Spots: the sequence's tracked objects, in time then label order; IDs from 0.
        string area = calibrated && objectColumns.Contains("area_um2") ? "o.area_um2" : "o.area";
        string diameter = calibrated && objectColumns.Contains("equivalent_diameter_um") ? "o.equivalent_diameter_um" : "o.equivalent_diameter";
        double diameterScale = calibrated && !objectColumns.Contains("equivalent_diameter_um") ? Math.Sqrt(sx * sy) : 1;
        double areaScale = calibrated && !objectColumns.Contains("area_um2") ? sx * sy : 1;
        var spots = new List<Spot>();
        var byImageLabel = new Dictionary<(string, long), Spot>();
        using (var cmd = db.Command($"""
            SELECT f.image_id, f.t, o.label, o.track_id, o.centroid_x, o.centroid_y, {area}, {diameter},
                   o.intensity_mean, o.intensity_min, o.intensity_max, o.intensity_sum{string.Concat(shapes.Select(s => ", o." + s.Column))}
            FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id
            WHERE o.job = @job AND f.dataset = @ds AND f.sequence = @seq AND o.track_id IS NOT NULL
            ORDER BY f.t, f.image_id, o.label
            """, ("@ds", ds), ("@seq", seq)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var imageId = r.GetString(0);
                int t = SqlCommands.ToInt(r.GetValue(1));
                long label = SqlCommands.ToLong(r.GetValue(2));
                long trackId = SqlCommands.ToLong(r.GetValue(3));
                double x = SqlCommands.ToDouble(r.GetValue(4)) * sx, y = SqlCommands.ToDouble(r.GetValue(5)) * sy;
                var f = new List<(string, double)>
                {
                    ("QUALITY", 1), ("POSITION_X", x), ("POSITION_Y", y), ("POSITION_Z", 0), ("POSITION_T", t * st), ("FRAME", t),
                    ("RADIUS", SqlCommands.ToDouble(r.GetValue(7)) * diameterScale / 2), ("VISIBILITY", 1),
                    ("AREA", SqlCommands.ToDouble(r.GetValue(6)) * areaScale), ("MEAN_INTENSITY", SqlCommands.ToDouble(r.GetValue(8))),
                    ("MIN_INTENSITY", SqlCommands.ToDouble(r.GetValue(9))), ("MAX_INTENSITY", SqlCommands.ToDouble(r.GetValue(10))),
                    ("TOTAL_INTENSITY", SqlCommands.ToDouble(r.GetValue(11))), ("CELLACTORS_LABEL", label), ("CELLACTORS_TRACK_ID", trackId),
                };
                for (int i = 0; i < shapes.Count; i++)
                    if (!r.IsDBNull(12 + i)) f.Add((shapes[i].Feature.Key, SqlCommands.ToDouble(r.GetValue(12 + i)) * shapes[i].Scale));
                var spot = new Spot(spots.Count, label, imageId, t, trackId, x, y, f);
                spots.Add(spot);
                byImageLabel[(imageId, label)] = spot;
            }
        }
        if (perChannel && channels.Count > 0)
        {
            using var cmd = db.Command("""
                SELECT i.image_id, i.label, i.channel, i.mean, i.min, i.max, i.sum, i.std
                FROM object_intensities i JOIN frames f ON f.job = i.job AND f.image_id = i.image_id
                WHERE i.job = @job AND f.dataset = @ds AND f.sequence = @seq ORDER BY i.image_id, i.label, i.channel
                """, ("@ds", ds), ("@seq", seq));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!byImageLabel.TryGetValue((r.GetString(0), SqlCommands.ToLong(r.GetValue(1))), out var spot)) continue;
                int ch = SqlCommands.ToInt(r.GetValue(2)) + 1;
                for (int s = 0; s < channelStats.Length; s++)
                    if (!r.IsDBNull(3 + s)) spot.Features.Add(($"{channelStats[s].Item2}{ch}", SqlCommands.ToDouble(r.GetValue(3 + s))));
            }
        }

        // CellActors tracks: their spots in time order, their parents; lineages by root.
        var trackSpots = spots.GroupBy(s => s.TrackId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.T).ToList());
        var parents = new Dictionary<long, long?>();
        using (var cmd = db.Command("SELECT track_id, parent_track_id FROM tracks WHERE job = @job AND dataset = @ds AND sequence = @seq ORDER BY track_id", ("@ds", ds), ("@seq", seq)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) parents[SqlCommands.ToLong(r.GetValue(0))] = r.IsDBNull(1) ? null : SqlCommands.ToLong(r.GetValue(1));
        }
        long Root(long id)
        {
            var seen = new HashSet<long>();
            while (parents.TryGetValue(id, out var p) && p is { } parent && trackSpots.ContainsKey(parent) && seen.Add(id)) id = parent;
            return id;
        }
        var edges = new List<(long Root, Spot Source, Spot Target)>();
        foreach (var (id, list) in trackSpots)
        {
            long root = Root(id);
            for (int i = 1; i < list.Count; i++) edges.Add((root, list[i - 1], list[i]));
            if (parents.TryGetValue(id, out var p) && p is { } parent && trackSpots.TryGetValue(parent, out var mother) && list.Count > 0)
                edges.Add((root, mother[^1], list[0]));
        }
        var lineages = edges.GroupBy(e => e.Root).OrderBy(g => g.Key).ToList();

        var dir = Path.GetDirectoryName(Path.GetFullPath(xmlPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using (var w = XmlWriter.Create(xmlPath, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("TrackMate");
            w.WriteAttributeString("version", Version);
            w.WriteElementString("Log", $"Exported by CellActors from job '{db.Job}', dataset '{ds}', sequence '{seq}' of {db.Path}: {spots.Count} spots, {lineages.Count} tracks (one per lineage), {edges.Count} edges.\n");
            w.WriteStartElement("Model");
            w.WriteAttributeString("spatialunits", calibrated ? "µm" : "pixel");
            w.WriteAttributeString("timeunits", timed ? "s" : "frame");
            w.WriteStartElement("FeatureDeclarations");
            WriteFeatures(w, "SpotFeatures", features);
            WriteFeatures(w, "EdgeFeatures", EdgeFeatures);
            WriteFeatures(w, "TrackFeatures", TrackFeatures);
            w.WriteEndElement();

            w.WriteStartElement("AllSpots");
            w.WriteAttributeString("nspots", Num(spots.Count));
            foreach (var frame in spots.GroupBy(s => s.T).OrderBy(g => g.Key))
            {
                w.WriteStartElement("SpotsInFrame");
                w.WriteAttributeString("frame", Num(frame.Key));
                foreach (var s in frame)
                {
                    w.WriteStartElement("Spot");
                    w.WriteAttributeString("ID", Num(s.Id));
                    w.WriteAttributeString("name", $"ID{s.Id.ToString(CultureInfo.InvariantCulture)}");
                    foreach (var (key, value) in s.Features) w.WriteAttributeString(key, Num(value));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("AllTracks");
            int index = 0;
            foreach (var lineage in lineages)
            {
                var members = lineage.SelectMany(e => new[] { e.Source, e.Target }).DistinctBy(s => s.Id).ToList();
                int start = members.Min(s => s.T), stop = members.Max(s => s.T);
                int splits = lineage.GroupBy(e => e.Source.Id).Count(g => g.Count() > 1);
                int gaps = lineage.Count(e => e.Target.T - e.Source.T > 1);
                w.WriteStartElement("Track");
                w.WriteAttributeString("name", $"Track_{lineage.Key.ToString(CultureInfo.InvariantCulture)}");
                w.WriteAttributeString("TRACK_ID", Num(lineage.Key));
                w.WriteAttributeString("TRACK_INDEX", Num(index++));
                w.WriteAttributeString("NUMBER_SPOTS", Num(members.Count));
                w.WriteAttributeString("NUMBER_GAPS", Num(gaps));
                w.WriteAttributeString("NUMBER_SPLITS", Num(splits));
                w.WriteAttributeString("NUMBER_MERGES", "0");
                w.WriteAttributeString("NUMBER_COMPLEX", "0");
                w.WriteAttributeString("TRACK_START", Num(start * st));
                w.WriteAttributeString("TRACK_STOP", Num(stop * st));
                w.WriteAttributeString("TRACK_DURATION", Num((stop - start) * st));
                w.WriteAttributeString("CELLACTORS_TRACKS", Num(lineage.Select(e => e.Target.TrackId).Append(lineage.Key).Distinct().Count()));
                foreach (var (_, a, b) in lineage.OrderBy(e => e.Source.T).ThenBy(e => e.Source.Id).ThenBy(e => e.Target.Id))
                {
                    double dx = b.X - a.X, dy = b.Y - a.Y, d = Math.Sqrt(dx * dx + dy * dy);
                    w.WriteStartElement("Edge");
                    w.WriteAttributeString("SPOT_SOURCE_ID", Num(a.Id));
                    w.WriteAttributeString("SPOT_TARGET_ID", Num(b.Id));
                    w.WriteAttributeString("LINK_COST", "0");
                    w.WriteAttributeString("EDGE_TIME", Num((a.T + b.T) / 2.0 * st));
                    w.WriteAttributeString("EDGE_X_LOCATION", Num((a.X + b.X) / 2));
                    w.WriteAttributeString("EDGE_Y_LOCATION", Num((a.Y + b.Y) / 2));
                    w.WriteAttributeString("EDGE_Z_LOCATION", "0");
                    w.WriteAttributeString("DISPLACEMENT", Num(d));
                    w.WriteAttributeString("SPEED", Num(d / ((b.T - a.T) * st)));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("FilteredTracks");
            foreach (var lineage in lineages)
            {
                w.WriteStartElement("TrackID");
                w.WriteAttributeString("TRACK_ID", Num(lineage.Key));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement(); // Model

            w.WriteStartElement("Settings");
            w.WriteStartElement("ImageData");
            var (folder, file) = Split(uri);
            w.WriteAttributeString("filename", file);
            w.WriteAttributeString("folder", folder);
            w.WriteAttributeString("width", Num(width));
            w.WriteAttributeString("height", Num(height));
            w.WriteAttributeString("nslices", "1");
            w.WriteAttributeString("nframes", Num(maxT + 1));
            w.WriteAttributeString("pixelwidth", Num(sx));
            w.WriteAttributeString("pixelheight", Num(sy));
            w.WriteAttributeString("voxeldepth", Num(sz));
            w.WriteAttributeString("timeinterval", Num(st));
            w.WriteEndElement();
            w.WriteStartElement("BasicSettings");
            foreach (var (k, v) in new[] { ("xstart", 0), ("xend", Math.Max(0, width - 1)), ("ystart", 0), ("yend", Math.Max(0, height - 1)), ("zstart", 0), ("zend", 0), ("tstart", 0), ("tend", maxT) })
                w.WriteAttributeString(k, Num(v));
            w.WriteEndElement();
            w.WriteEndElement(); // Settings
            w.WriteEndElement(); // TrackMate
            w.WriteEndDocument();
        }
        return (spots.Count, lineages.Count, edges.Count);
    }

    private static readonly Feature[] EdgeFeatures =
    [
        new("SPOT_SOURCE_ID", "Source spot ID", "Source ID", "NONE", true),
        new("SPOT_TARGET_ID", "Target spot ID", "Target ID", "NONE", true),
        new("LINK_COST", "Edge cost", "Cost", "COST", false),
        new("EDGE_TIME", "Edge time", "Edge T", "TIME", false),
        new("EDGE_X_LOCATION", "Edge X", "Edge X", "POSITION", false),
        new("EDGE_Y_LOCATION", "Edge Y", "Edge Y", "POSITION", false),
        new("EDGE_Z_LOCATION", "Edge Z", "Edge Z", "POSITION", false),
        new("DISPLACEMENT", "Displacement", "Disp.", "LENGTH", false),
        new("SPEED", "Speed", "Speed", "VELOCITY", false),
    ];

    private static readonly Feature[] TrackFeatures =
    [
        new("TRACK_INDEX", "Track index", "Index", "NONE", true),
        new("TRACK_ID", "Track ID", "ID", "NONE", true),
        new("NUMBER_SPOTS", "Number of spots in track", "N spots", "NONE", true),
        new("NUMBER_GAPS", "Number of gaps", "N gaps", "NONE", true),
        new("NUMBER_SPLITS", "Number of split events", "N splits", "NONE", true),
        new("NUMBER_MERGES", "Number of merge events", "N merges", "NONE", true),
        new("NUMBER_COMPLEX", "Number of complex points", "N complex", "NONE", true),
        new("TRACK_START", "Track start", "Track start", "TIME", false),
        new("TRACK_STOP", "Track stop", "Track stop", "TIME", false),
        new("TRACK_DURATION", "Track duration", "Duration", "TIME", false),
        new("CELLACTORS_TRACKS", "CellActors tracks in the lineage", "CA tracks", "NONE", true),
    ];

    private static void WriteFeatures(XmlWriter w, string element, IEnumerable<Feature> features)
    {
        w.WriteStartElement(element);
        foreach (var f in features)
        {
            w.WriteStartElement("Feature");
            w.WriteAttributeString("feature", f.Key);
            w.WriteAttributeString("name", f.Name);
            w.WriteAttributeString("shortname", f.ShortName);
            w.WriteAttributeString("dimension", f.Dimension);
            w.WriteAttributeString("isint", f.IsInt ? "true" : "false");
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>The (dataset, sequence) exported: the one named, or the job's only one (or only one whose tracking is done).</summary>
    private static (string Dataset, string Sequence) Choose(ResultsDatabase db, string? sequence, string? dataset)
    {
        var tracked = new List<(string Dataset, string Sequence, string Status, string? Message)>();
        using (var cmd = db.Command("SELECT dataset, sequence, status, message FROM tracking WHERE job = @job ORDER BY dataset, sequence"))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) tracked.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : Convert.ToString(r.GetValue(3), CultureInfo.InvariantCulture)));
        }
        var done = TrackingStatus.Done.StoredName();
        var candidates = tracked.Where(s => (sequence is null || s.Sequence == sequence) && (dataset is null || s.Dataset == dataset)).ToList();
        string Names(IEnumerable<(string Dataset, string Sequence, string Status, string? Message)> list) =>
            string.Join(", ", list.Select(s => $"{s.Dataset}/{s.Sequence}"));
        if (candidates.Count == 0)
        {
            var what = sequence is null ? $"dataset '{dataset}'" : dataset is null ? $"sequence '{sequence}'" : $"sequence '{sequence}' in dataset '{dataset}'";
            throw new ArgumentException($"job '{db.Job}' has no tracked {what} (sequences: {Names(tracked)})");
        }
        if (candidates.Count > 1 && candidates.Count(s => s.Status == done) == 1)
            candidates = [.. candidates.Where(s => s.Status == done)]; // e.g. a 3D sequence that tracking skipped beside the tracked one
        if (candidates.Count > 1)
            throw new ArgumentException($"job '{db.Job}' has several sequences ({Names(candidates)}): a TrackMate file holds one; choose it with --sequence (and --dataset when several datasets have it)");
        var c = candidates[0];
        if (c.Status != done)
            throw new InvalidDataException($"sequence {c.Dataset}/{c.Sequence} of job '{db.Job}' is not tracked (tracking {c.Status}{(c.Message is null ? "" : ": " + c.Message)}): run `cellactors track` on it first");
        return (c.Dataset, c.Sequence);
    }

    private static HashSet<string> ColumnsOf(ResultsDatabase db, string table)
    {
        using var cmd = db.Command($"SELECT * FROM {table} WHERE 1 = 0");
        using var r = cmd.ExecuteReader();
        return new HashSet<string>(Enumerable.Range(0, r.FieldCount).Select(r.GetName), StringComparer.OrdinalIgnoreCase);
    }

    private static bool TableExists(ResultsDatabase db, string table)
    {
        using var cmd = db.Command(db.Dialect.TableExists, ("@table", table));
        return SqlCommands.ToLong(cmd.ExecuteScalar()) > 0;
    }

    private static double? Nullable(object? value) => value is null or DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static (string Folder, string File) Split(string? uri)
    {
        if (string.IsNullOrEmpty(uri)) return ("", "");
        int slash = Math.Max(uri.LastIndexOf('/'), uri.LastIndexOf('\\'));
        return slash < 0 ? ("", uri) : (uri[..(slash + 1)], uri[(slash + 1)..]);
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
