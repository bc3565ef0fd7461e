using Parquet;
using Parquet.Serialization;

namespace CellActors.Results.Formats;

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
                   intensity_mean, intensity_min, intensity_max, intensity_std, uri, page, physical_size_x, physical_size_y, physical_size_z, time_increment
            FROM frames WHERE job = @job ORDER BY image_id
            """, r => new FrameParquetRow
        {
            Job = r.GetString(0), ImageId = r.GetString(1), Dataset = r.GetString(2), Sequence = r.GetString(3), T = r.GetInt32(4), Z = r.GetInt32(5),
            Height = r.GetInt32(6), Width = r.GetInt32(7), CellCount = r.GetInt32(8), CellArea = r.GetInt64(9), TotalArea = r.GetInt64(10),
            CellRatio = r.GetDouble(11), IntensityMean = r.GetDouble(12), IntensityMin = r.GetDouble(13), IntensityMax = r.GetDouble(14),
            IntensityStd = r.GetDouble(15), Uri = r.GetString(16), Page = r.GetInt32(17),
            PhysicalSizeX = r.IsDBNull(18) ? null : r.GetDouble(18), PhysicalSizeY = r.IsDBNull(19) ? null : r.GetDouble(19),
            PhysicalSizeZ = r.IsDBNull(20) ? null : r.GetDouble(20), TimeIncrement = r.IsDBNull(21) ? null : r.GetDouble(21),
        }), ct);
        long objects = await Write(objectsPath, Rows(db, """
            SELECT job, image_id, label, area, centroid_x, centroid_y, bbox_x, bbox_y, bbox_width, bbox_height,
                   intensity_mean, intensity_min, intensity_max, intensity_sum, perimeter, eccentricity, solidity, equivalent_diameter,
                   class_id, score, rle, track_id, area_um2, equivalent_diameter_um,
                   major_axis_length, minor_axis_length, orientation, extent, feret_diameter_max, feret_diameter_min,
                   form_factor, compactness, euler_number, neighbours, nearest_neighbour_distance
            FROM objects WHERE job = @job ORDER BY image_id, label
            """, r => new ObjectParquetRow
        {
            Job = r.GetString(0), ImageId = r.GetString(1), Label = r.GetInt32(2), Area = r.GetInt64(3), CentroidX = r.GetDouble(4), CentroidY = r.GetDouble(5),
            BboxX = r.GetInt32(6), BboxY = r.GetInt32(7), BboxWidth = r.GetInt32(8), BboxHeight = r.GetInt32(9),
            IntensityMean = r.GetDouble(10), IntensityMin = r.GetDouble(11), IntensityMax = r.GetDouble(12), IntensitySum = r.GetDouble(13),
            Perimeter = r.GetDouble(14), Eccentricity = r.GetDouble(15), Solidity = r.GetDouble(16), EquivalentDiameter = r.GetDouble(17),
            ClassId = r.GetInt32(18), Score = r.GetDouble(19), Rle = r.GetString(20), TrackId = r.IsDBNull(21) ? null : r.GetInt64(21),
            AreaUm2 = r.IsDBNull(22) ? null : r.GetDouble(22), EquivalentDiameterUm = r.IsDBNull(23) ? null : r.GetDouble(23),
            MajorAxisLength = Real(r, 24), MinorAxisLength = Real(r, 25), Orientation = Real(r, 26), Extent = Real(r, 27),
            FeretDiameterMax = Real(r, 28), FeretDiameterMin = Real(r, 29), FormFactor = Real(r, 30), Compactness = Real(r, 31),
            EulerNumber = r.IsDBNull(32) ? null : Convert.ToInt32(r.GetValue(32), System.Globalization.CultureInfo.InvariantCulture),
            Neighbours = r.IsDBNull(33) ? null : Convert.ToInt32(r.GetValue(33), System.Globalization.CultureInfo.InvariantCulture),
            NearestNeighbourDistance = Real(r, 34),
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

    private static double? Real(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

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
