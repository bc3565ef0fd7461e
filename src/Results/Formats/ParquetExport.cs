using System.Text.Json.Serialization;
using Parquet;
using Parquet.Serialization;

namespace CellActors.Results.Formats;

/// <summary>A <c>frames</c> row as written to <c>frames.parquet</c> (columns named as in the database).</summary>
public sealed class FrameParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Image id.</summary>
    [JsonPropertyName("image_id")] public string ImageId { get; set; } = "";
    /// <summary>Dataset.</summary>
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    /// <summary>Sequence.</summary>
    [JsonPropertyName("sequence")] public string Sequence { get; set; } = "";
    /// <summary>Time point.</summary>
    [JsonPropertyName("t")] public int T { get; set; }
    /// <summary>Slice.</summary>
    [JsonPropertyName("z")] public int Z { get; set; }
    /// <summary>Rows.</summary>
    [JsonPropertyName("height")] public int Height { get; set; }
    /// <summary>Columns.</summary>
    [JsonPropertyName("width")] public int Width { get; set; }
    /// <summary>Objects.</summary>
    [JsonPropertyName("cell_count")] public int CellCount { get; set; }
    /// <summary>Object pixels.</summary>
    [JsonPropertyName("cell_area")] public long CellArea { get; set; }
    /// <summary>Frame pixels.</summary>
    [JsonPropertyName("total_area")] public long TotalArea { get; set; }
    /// <summary>cell_area / total_area.</summary>
    [JsonPropertyName("cell_ratio")] public double CellRatio { get; set; }
    /// <summary>Mean intensity.</summary>
    [JsonPropertyName("intensity_mean")] public double IntensityMean { get; set; }
    /// <summary>Min intensity.</summary>
    [JsonPropertyName("intensity_min")] public double IntensityMin { get; set; }
    /// <summary>Max intensity.</summary>
    [JsonPropertyName("intensity_max")] public double IntensityMax { get; set; }
    /// <summary>Intensity standard deviation.</summary>
    [JsonPropertyName("intensity_std")] public double IntensityStd { get; set; }
    /// <summary>Source file.</summary>
    [JsonPropertyName("uri")] public string Uri { get; set; } = "";
    /// <summary>Page in the source file.</summary>
    [JsonPropertyName("page")] public int Page { get; set; }
}

/// <summary>An <c>objects</c> row as written to <c>objects.parquet</c> (columns named as in the database).</summary>
public sealed class ObjectParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Image id.</summary>
    [JsonPropertyName("image_id")] public string ImageId { get; set; } = "";
    /// <summary>Label.</summary>
    [JsonPropertyName("label")] public int Label { get; set; }
    /// <summary>Pixels.</summary>
    [JsonPropertyName("area")] public long Area { get; set; }
    /// <summary>Centroid column.</summary>
    [JsonPropertyName("centroid_x")] public double CentroidX { get; set; }
    /// <summary>Centroid row.</summary>
    [JsonPropertyName("centroid_y")] public double CentroidY { get; set; }
    /// <summary>Bounding box left.</summary>
    [JsonPropertyName("bbox_x")] public int BboxX { get; set; }
    /// <summary>Bounding box top.</summary>
    [JsonPropertyName("bbox_y")] public int BboxY { get; set; }
    /// <summary>Bounding box width.</summary>
    [JsonPropertyName("bbox_width")] public int BboxWidth { get; set; }
    /// <summary>Bounding box height.</summary>
    [JsonPropertyName("bbox_height")] public int BboxHeight { get; set; }
    /// <summary>Mean intensity.</summary>
    [JsonPropertyName("intensity_mean")] public double IntensityMean { get; set; }
    /// <summary>Min intensity.</summary>
    [JsonPropertyName("intensity_min")] public double IntensityMin { get; set; }
    /// <summary>Max intensity.</summary>
    [JsonPropertyName("intensity_max")] public double IntensityMax { get; set; }
    /// <summary>Summed intensity.</summary>
    [JsonPropertyName("intensity_sum")] public double IntensitySum { get; set; }
    /// <summary>Crack perimeter.</summary>
    [JsonPropertyName("perimeter")] public double Perimeter { get; set; }
    /// <summary>Eccentricity.</summary>
    [JsonPropertyName("eccentricity")] public double Eccentricity { get; set; }
    /// <summary>Solidity.</summary>
    [JsonPropertyName("solidity")] public double Solidity { get; set; }
    /// <summary>Equivalent diameter.</summary>
    [JsonPropertyName("equivalent_diameter")] public double EquivalentDiameter { get; set; }
    /// <summary>Class.</summary>
    [JsonPropertyName("class_id")] public int ClassId { get; set; }
    /// <summary>Detector score.</summary>
    [JsonPropertyName("score")] public double Score { get; set; }
    /// <summary>DSB RLE, full length.</summary>
    [JsonPropertyName("rle")] public string Rle { get; set; } = "";
    /// <summary>Track, once tracked.</summary>
    [JsonPropertyName("track_id")] public long? TrackId { get; set; }
}

/// <summary>A <c>tracks</c> row as written to <c>tracks.parquet</c>.</summary>
public sealed class TrackParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Track id.</summary>
    [JsonPropertyName("track_id")] public long TrackId { get; set; }
    /// <summary>Sequence.</summary>
    [JsonPropertyName("sequence")] public string Sequence { get; set; } = "";
    /// <summary>First time point.</summary>
    [JsonPropertyName("t_start")] public int TStart { get; set; }
    /// <summary>Last time point.</summary>
    [JsonPropertyName("t_end")] public int TEnd { get; set; }
    /// <summary>Parent track (CTC P), null for none.</summary>
    [JsonPropertyName("parent_track_id")] public long? ParentTrackId { get; set; }
}

/// <summary>What <see cref="ParquetExport.Export"/> wrote.</summary>
public sealed record ParquetExportSummary(string FramesPath, long Frames, string ObjectsPath, long Objects, string TracksPath, long Tracks);

/// <summary>
/// Exports one job's <c>frames</c>, <c>objects</c> and <c>tracks</c> tables to <c>frames.parquet</c>,
/// <c>objects.parquet</c> and <c>tracks.parquet</c> (Parquet.Net, Snappy), columns named and typed as in the database,
/// streamed in row groups of <see cref="RowGroupSize"/> rows so memory does not grow with the table.
/// </summary>
public static class ParquetExport
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupSize = 100_000;

    /// <summary>Writes the three files into <paramref name="outDir"/> (a local folder, or an HDFS location: each file written through a temporary name, see <see cref="ExportTarget"/>).</summary>
    public static async Task<ParquetExportSummary> Export(string resultsDir, string outDir, string? job = null, CancellationToken ct = default)
    {
        if (ExportTarget.IsRemote(outDir))
        {
            using (ResultsDatabase.Open(resultsDir, job)) { }
            var s = ExportTarget.Folder(outDir, local => Export(resultsDir, local, job, ct).GetAwaiter().GetResult());
            return s with
            {
                FramesPath = ExportTarget.Combine(outDir, "frames.parquet"),
                ObjectsPath = ExportTarget.Combine(outDir, "objects.parquet"),
                TracksPath = ExportTarget.Combine(outDir, "tracks.parquet"),
            };
        }
        using var db = ResultsDatabase.Open(resultsDir, job);
        Directory.CreateDirectory(outDir);
        var framesPath = Path.Combine(outDir, "frames.parquet");
        var objectsPath = Path.Combine(outDir, "objects.parquet");
        var tracksPath = Path.Combine(outDir, "tracks.parquet");

        long frames = await Write(framesPath, Rows(db, """
            SELECT job, image_id, dataset, sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio,
                   intensity_mean, intensity_min, intensity_max, intensity_std, uri, page
            FROM frames WHERE job = @job ORDER BY image_id
            """, r => new FrameParquetRow
        {
            Job = r.GetString(0), ImageId = r.GetString(1), Dataset = r.GetString(2), Sequence = r.GetString(3), T = r.GetInt32(4), Z = r.GetInt32(5),
            Height = r.GetInt32(6), Width = r.GetInt32(7), CellCount = r.GetInt32(8), CellArea = r.GetInt64(9), TotalArea = r.GetInt64(10),
            CellRatio = r.GetDouble(11), IntensityMean = r.GetDouble(12), IntensityMin = r.GetDouble(13), IntensityMax = r.GetDouble(14),
            IntensityStd = r.GetDouble(15), Uri = r.GetString(16), Page = r.GetInt32(17),
        }), ct);
        long objects = await Write(objectsPath, Rows(db, """
            SELECT job, image_id, label, area, centroid_x, centroid_y, bbox_x, bbox_y, bbox_width, bbox_height,
                   intensity_mean, intensity_min, intensity_max, intensity_sum, perimeter, eccentricity, solidity, equivalent_diameter,
                   class_id, score, rle, track_id
            FROM objects WHERE job = @job ORDER BY image_id, label
            """, r => new ObjectParquetRow
        {
            Job = r.GetString(0), ImageId = r.GetString(1), Label = r.GetInt32(2), Area = r.GetInt64(3), CentroidX = r.GetDouble(4), CentroidY = r.GetDouble(5),
            BboxX = r.GetInt32(6), BboxY = r.GetInt32(7), BboxWidth = r.GetInt32(8), BboxHeight = r.GetInt32(9),
            IntensityMean = r.GetDouble(10), IntensityMin = r.GetDouble(11), IntensityMax = r.GetDouble(12), IntensitySum = r.GetDouble(13),
            Perimeter = r.GetDouble(14), Eccentricity = r.GetDouble(15), Solidity = r.GetDouble(16), EquivalentDiameter = r.GetDouble(17),
            ClassId = r.GetInt32(18), Score = r.GetDouble(19), Rle = r.GetString(20), TrackId = r.IsDBNull(21) ? null : r.GetInt64(21),
        }), ct);
        long tracks = await Write(tracksPath, Rows(db, """
            SELECT job, track_id, sequence, t_start, t_end, parent_track_id FROM tracks WHERE job = @job ORDER BY track_id
            """, r => new TrackParquetRow
        {
            Job = r.GetString(0), TrackId = r.GetInt64(1), Sequence = r.GetString(2), TStart = r.GetInt32(3), TEnd = r.GetInt32(4),
            ParentTrackId = r.IsDBNull(5) ? null : r.GetInt64(5),
        }), ct);
        return new ParquetExportSummary(framesPath, frames, objectsPath, objects, tracksPath, tracks);
    }

    private static IEnumerable<T> Rows<T>(ResultsDatabase db, string sql, Func<System.Data.Common.DbDataReader, T> map)
    {
        using var cmd = db.Command(sql);
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return map(r);
    }

    private static async Task<long> Write<T>(string path, IEnumerable<T> rows, CancellationToken ct)
    {
        if (File.Exists(path)) File.Delete(path);
        long n = 0;
        bool first = true;
        foreach (var chunk in rows.Chunk(RowGroupSize))
        {
            await using var fs = new FileStream(path, first ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite);
            await ParquetSerializer.SerializeAsync(chunk, fs, new ParquetOptions { Append = !first }, cancellationToken: ct);
            first = false;
            n += chunk.Length;
        }
        if (first)
        {
            // An empty table still gets a file with its schema.
            await using var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
            await ParquetSerializer.SerializeAsync(Array.Empty<T>(), fs, cancellationToken: ct);
        }
        return n;
    }
}
