using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CellActors.Imaging;
using CellActors.Messages;

namespace CellActors.Results.Formats;

/// <summary>
/// RLE CSV files in the Data Science Bowl 2018 layout, export and import.
/// <para>Export writes <c>ImageId,EncodedPixels,Height,Width</c>: one row per object (column-major, 1-based
/// <c>start length</c> pairs, never truncated) and, for a frame without cells, one row with an empty
/// <c>EncodedPixels</c>, so every frame and its shape survive. Fields holding a comma or a quote are quoted (RFC 4180).</para>
/// <para>Import reads the columns <c>ImageId</c> and <c>EncodedPixels</c> (required) and the shape from
/// <c>Height</c> and <c>Width</c>, or from a seed-style <c>Size</c> column such as <c>"832, 992"</c>, read as
/// <b>height, width</b> (the order of a NumPy <c>shape</c>; brackets or parentheses are allowed). Column names are
/// case-insensitive, other columns are ignored. Rows of one ImageId are that image's objects, labelled 1, 2, ...
/// in file order; an empty EncodedPixels is a frame with zero cells (never an object). Measurements are recomputed
/// from the decoded masks; intensities are unknown and stored as 0. Malformed RLE (odd count, start or length
/// below 1, runs past the end, out of order or overlapping, two objects on one pixel) fails the whole import with
/// an error naming the line and image, before anything is written.</para>
/// </summary>
public static partial class RleCsv
{
    /// <summary>The header export writes.</summary>
    public const string Header = "ImageId,EncodedPixels,Height,Width";

    /// <summary>Exports one job's objects (and empty frames) to <paramref name="csvPath"/> (a local path, or an HDFS location written
    /// through a temporary name, see <see cref="ExportTarget"/>). Returns the rows written.</summary>
    public static long Export(string resultsDir, string csvPath, string? job = null)
    {
        if (ExportTarget.IsRemote(csvPath))
        {
            using (ResultsDatabase.Open(resultsDir, job)) { } // a missing database or job fails before anything is staged
            return ExportTarget.File(csvPath, local => Export(resultsDir, local, job));
        }
        using var db = ResultsDatabase.Open(resultsDir, job);
        using var cmd = db.Command("""
            SELECT f.image_id, f.height, f.width, o.rle
            FROM frames f LEFT JOIN objects o ON o.job = f.job AND o.image_id = f.image_id
            WHERE f.job = @job ORDER BY f.image_id, o.label
            """);
        using var r = cmd.ExecuteReader();
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var w = new StreamWriter(csvPath, false, new UTF8Encoding(false));
        w.NewLine = "\n";
        w.WriteLine(Header);
        long n = 0;
        while (r.Read())
        {
            var rle = r.IsDBNull(3) ? "" : r.GetString(3);
            w.Write(Quote(r.GetString(0)));
            w.Write(',');
            w.Write(rle);
            w.Write(',');
            w.Write(r.GetInt32(1).ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.WriteLine(r.GetInt32(2).ToString(CultureInfo.InvariantCulture));
            n++;
        }
        return n;
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads and validates the rows of an RLE CSV (not the RLE itself).</summary>
    /// <exception cref="InvalidDataException">no header, a required column is missing, a shape is not a positive integer, or a row is ragged; the message names the line.</exception>
    public static IReadOnlyList<RleCsvRow> Read(string csvPath)
    {
        var name = Path.GetFileName(csvPath);
        var records = ParseRecords(File.ReadAllText(csvPath)).ToList();
        if (records.Count == 0) throw new InvalidDataException($"{name}: empty file (no header)");
        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
        int Col(params string[] names) => header.FindIndex(h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));
        int cId = Col("ImageId", "image_id"), cRle = Col("EncodedPixels", "rle"), cH = Col("Height"), cW = Col("Width"), cSize = Col("Size");
        if (cId < 0 || cRle < 0)
            throw new InvalidDataException($"{name} line 1: the header must name ImageId and EncodedPixels columns (found: {string.Join(",", header)})");
        var rows = new List<RleCsvRow>(records.Count - 1);
        foreach (var rec in records.Skip(1))
        {
            var f = rec.Fields;
            if (f.Count == 1 && f[0].Trim().Length == 0) continue; // blank line
            if (f.Count < header.Count)
                throw new InvalidDataException($"{name} line {rec.Line}: {f.Count} fields, the header has {header.Count}");
            var id = f[cId].Trim();
            if (id.Length == 0) throw new InvalidDataException($"{name} line {rec.Line}: empty ImageId");
            int? h = null, w = null;
            if (cH >= 0 && f[cH].Trim().Length > 0) h = Positive(f[cH], "Height", name, rec.Line);
            if (cW >= 0 && f[cW].Trim().Length > 0) w = Positive(f[cW], "Width", name, rec.Line);
            if (cSize >= 0 && f[cSize].Trim().Length > 0)
            {
                var m = SizePattern().Match(f[cSize]);
                if (!m.Success) throw new InvalidDataException($"{name} line {rec.Line}: Size '{f[cSize]}' is not 'height, width'");
                int sh = Positive(m.Groups[1].Value, "Size height", name, rec.Line), sw = Positive(m.Groups[2].Value, "Size width", name, rec.Line);
                if ((h is not null && h != sh) || (w is not null && w != sw))
                    throw new InvalidDataException($"{name} line {rec.Line}: Size {sh}, {sw} contradicts Height {h} / Width {w}");
                h = sh;
                w = sw;
            }
            if ((h is null) != (w is null)) throw new InvalidDataException($"{name} line {rec.Line}: Height and Width must be given together");
            rows.Add(new RleCsvRow(rec.Line, id, f[cRle].Trim(), h, w));
        }
        return rows;
    }

    /// <summary>Groups rows by ImageId (first appearance order) and checks every image's rows agree on its shape.</summary>
    /// <exception cref="InvalidDataException">two rows of one image state different shapes.</exception>
    public static IReadOnlyList<RleCsvImage> GroupImages(IReadOnlyList<RleCsvRow> rows, string name)
    {
        var order = new List<string>();
        var map = new Dictionary<string, (int? H, int? W, List<string> Rles, List<int> Lines, int First)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!map.TryGetValue(row.ImageId, out var img))
            {
                img = (null, null, new List<string>(), new List<int>(), row.Line);
                order.Add(row.ImageId);
            }
            if (row.Height is not null)
            {
                if (img.H is not null && (img.H != row.Height || img.W != row.Width))
                    throw new InvalidDataException($"{name} line {row.Line}: ImageId {row.ImageId} has shape {row.Height}x{row.Width} here but {img.H}x{img.W} on line {img.First}");
                img.H = row.Height;
                img.W = row.Width;
            }
            if (row.EncodedPixels.Length > 0)
            {
                img.Rles.Add(Normalize(row.EncodedPixels));
                img.Lines.Add(row.Line);
            }
            map[row.ImageId] = img;
        }
        return order.Select(id => { var m = map[id]; return new RleCsvImage(id, m.H, m.W, m.Rles, m.Lines, m.First); }).ToList();
    }

    /// <summary>Decodes one image's objects into a label image (label i + 1 = RLE i).</summary>
    /// <exception cref="InvalidDataException">the image has no shape.</exception>
    /// <exception cref="MalformedRleException">an RLE is malformed; the message names the file, line and image.</exception>
    public static LabelImage Decode(RleCsvImage image, string name, int? height = null, int? width = null)
    {
        int h = height ?? image.Height ?? throw new InvalidDataException($"{name} line {image.FirstLine}: ImageId {image.ImageId} has no shape (Height and Width, or Size, on at least one of its rows)");
        int w = width ?? image.Width ?? throw new InvalidDataException($"{name} line {image.FirstLine}: ImageId {image.ImageId} has no shape");
        var labels = new int[checked(h * w)];
        for (int i = 0; i < image.Rles.Count; i++)
            Rle.DecodeInto(image.Rles[i], i + 1, labels, h, w, $"{name} line {image.Lines[i]}, ImageId {image.ImageId}");
        return new LabelImage(h, w, labels, image.Rles.Count);
    }

    private static string Normalize(string rle) => string.Join(' ', rle.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static int Positive(string s, string what, string name, int line) =>
        int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v
            : throw new InvalidDataException($"{name} line {line}: {what} '{s}' is not a positive integer");

    [GeneratedRegex(@"^\s*[\(\[]?\s*(\d+)\s*[,x×]\s*(\d+)\s*[\)\]]?\s*$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^(?<ds>.+)/(?<seq>[^/]+)/t(?<t>\d+)(?:/z(?<z>\d+))?$")]
    private static partial Regex CtcImageId();

    private readonly record struct Record(int Line, List<string> Fields);

    /// <summary>RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks.</summary>
    private static IEnumerable<Record> ParseRecords(string text)
    {
        int i = 0, line = 1, n = text.Length;
        while (i < n)
        {
            int start = line;
            var fields = new List<string>();
            var sb = new StringBuilder();
            bool inQuotes = false, any = false;
            while (i < n)
            {
                char c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < n && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        inQuotes = false; i++; continue;
                    }
                    if (c == '\n') line++;
                    sb.Append(c); i++; continue;
                }
                if (c == '"') { inQuotes = true; any = true; i++; continue; }
                if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); i++; continue; }
                if (c == '\r') { i++; continue; }
                if (c == '\n') { i++; line++; break; }
                sb.Append(c); any = true; i++;
            }
            fields.Add(sb.ToString());
            if (any || fields.Count > 1) yield return new Record(start, fields);
        }
    }

    /// <summary>
    /// Imports an RLE CSV into a results database (created if needed) as job <paramref name="job"/> (default: the
    /// CSV file name), replacing that job's earlier rows. CTC-style ids (<c>dataset/sequence/tTTTT[/zZZZZ]</c>) give
    /// dataset, sequence, t and z; other ids give dataset = their first path segment (or the job), sequence "" and t = z = 0.
    /// </summary>
    /// <exception cref="InvalidDataException">the CSV is malformed or an image has no shape.</exception>
    /// <exception cref="MalformedRleException">an RLE string is malformed (names the line).</exception>
    public static RleCsvImportSummary Import(string csvPath, string resultsDir, string? job = null)
    {
        var name = Path.GetFileName(csvPath);
        job ??= Path.GetFileNameWithoutExtension(csvPath);
        var images = GroupImages(Read(csvPath), name);
        var frames = new List<FrameRow>(images.Count);
        var objects = new List<List<ObjectRow>>(images.Count);
        var source = Path.GetFullPath(csvPath);
        int empty = 0, objectCount = 0;
        foreach (var img in images)
        {
            var labels = Decode(img, name);
            var fm = FrameMeasurer.Measure(labels);
            var (ds, seq, t, z) = Locate(img.ImageId, job);
            frames.Add(new FrameRow(img.ImageId, ds, seq, t, z, labels.Height, labels.Width, fm.CellCount, fm.CellArea, fm.TotalArea, fm.CellRatio,
                0, 0, 0, 0, source, 0));
            var rows = new List<ObjectRow>(img.Rles.Count);
            foreach (var g in ObjectMeasurer.Measure(labels))
                rows.Add(new ObjectRow(img.ImageId, g.Label, g.Area, g.CentroidX, g.CentroidY, g.BboxX, g.BboxY, g.BboxWidth, g.BboxHeight,
                    0, 0, 0, 0, g.Perimeter, g.Eccentricity, g.Solidity, g.EquivalentDiameter, ClassId: 1, Score: 1.0, img.Rles[g.Label - 1],
                    Shape: ObjectShapeRow.From(g)));
            objects.Add(rows);
            if (rows.Count == 0) empty++;
            objectCount += rows.Count;
        }

        Directory.CreateDirectory(resultsDir);
        var dbPath = Path.Combine(resultsDir, "cellactors.db");
        using var store = ResultStore.OpenSqlite(dbPath);
        const int batch = 256;
        var manifest = frames.Select((f, i) => new FrameRef(i, f.Dataset, f.Sequence, f.T, f.Z, source, 0, f.ImageId));
        store.CreateJob(job, source, "import:csv", batch, manifest, []);
        int run = store.StartRun(job);
        for (int b = 0; b * batch < frames.Count; b++)
        {
            var fr = frames.Skip(b * batch).Take(batch).ToList();
            var ob = objects.Skip(b * batch).Take(batch).SelectMany(o => o).ToList();
            store.CommitBatch(job, b, run, fr, ob, []);
        }
        store.EndRun(job, run, RunStatus.Completed);
        store.CompleteJob(job);
        return new RleCsvImportSummary(job, dbPath, frames.Count, empty, objectCount);
    }

    private static (string Dataset, string Sequence, int T, int Z) Locate(string imageId, string job)
    {
        var m = CtcImageId().Match(imageId);
        if (m.Success
            && int.TryParse(m.Groups["t"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int t)
            && (!m.Groups["z"].Success || int.TryParse(m.Groups["z"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            int z = m.Groups["z"].Success ? int.Parse(m.Groups["z"].Value, CultureInfo.InvariantCulture) : 0;
            return (m.Groups["ds"].Value, m.Groups["seq"].Value, t, z);
        }
        int slash = imageId.IndexOf('/', StringComparison.Ordinal);
        return (slash > 0 ? imageId[..slash] : job, "", 0, 0);
    }
}
