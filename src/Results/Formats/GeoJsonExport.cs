using System.Text.Json;
using CellActors.Imaging.Contours;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports one GeoJSON FeatureCollection per input image (per z-slice of a stack) that QuPath imports as detections:
/// each object a Feature whose geometry is its exact outline traced along pixel edges (<see cref="MaskPolygons"/>:
/// a Polygon with its holes, or a MultiPolygon when the mask has several parts), coordinates in pixels, x then y, each
/// ring closed; <c>properties</c> hold <c>objectType: "detection"</c>, the object's <c>name</c> (its label), a
/// <c>classification</c> when the object has a class, and <c>measurements</c>, the object's numeric measurements named as
/// in <see cref="MeasurementsExport"/>.
/// </summary>
public static class GeoJsonExport
{
    private static readonly int[][] Palette = [[255, 0, 0], [0, 160, 0], [0, 0, 255], [200, 150, 0], [160, 0, 200], [0, 180, 180]];

    /// <summary>Writes the files into <paramref name="outDir"/> (local, or an HDFS location through <see cref="ExportTarget"/>). Returns (files, features).</summary>
    public static (int Files, long Features) Export(string results, string outDir, string? job = null)
    {
        if (ExportTarget.IsRemote(outDir))
        {
            using (ResultsDatabase.Open(results, job)) { }
            return ExportTarget.Tree(outDir, local => Export(results, local, job));
        }
        using var db = ResultsDatabase.Open(results, job);
        var images = InputImages.Load(db);
        var table = MeasurementTable.Open(db, MeasurementLevel.Objects);
        int labelCol = table.Headers.IndexOf("label"), classCol = table.Headers.IndexOf(MeasurementColumns.Name(MeasurementLevel.Objects, "class_id"));
        var skip = new HashSet<string>(StringComparer.Ordinal) { "image_id", "label", MeasurementColumns.Name(MeasurementLevel.Objects, "job") };
        Directory.CreateDirectory(outDir);
        int files = 0;
        long features = 0;
        foreach (var image in images)
        {
            foreach (var f in image.Frames)
            {
                var name = image.Name + (image.Frames.Count > 1 ? $"_z{f.Z:D4}" : "") + ".geojson";
                var path = Path.Combine(outDir, name.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var labels = LabelsExport.Decode(db, f.ImageId, f.Height, f.Width, out _);
                using var fs = File.Create(path);
                using var w = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = false });
                w.WriteStartObject();
                w.WriteString("type", "FeatureCollection");
                w.WriteStartArray("features");
                foreach (var row in table.ImageRows(f.ImageId))
                {
                    int label = Convert.ToInt32(row[labelCol], System.Globalization.CultureInfo.InvariantCulture);
                    var polygons = MaskPolygons.Trace(labels.Labels, labels.Height, labels.Width, label);
                    if (polygons.Count == 0) continue; // an object with no pixels in this frame: nothing to draw
                    w.WriteStartObject();
                    w.WriteString("type", "Feature");
                    w.WriteString("id", f.ImageId + "#" + label.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteStartObject("geometry");
                    w.WriteString("type", polygons.Count == 1 ? "Polygon" : "MultiPolygon");
                    w.WriteStartArray("coordinates");
                    foreach (var p in polygons)
                    {
                        if (polygons.Count > 1) w.WriteStartArray();
                        WriteRing(w, p.Outer);
                        foreach (var h in p.Holes) WriteRing(w, h);
                        if (polygons.Count > 1) w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteStartObject("properties");
                    w.WriteString("objectType", "detection");
                    w.WriteString("name", label.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (classCol >= 0 && MeasurementTable.IsNumber(row[classCol]) && Convert.ToInt64(row[classCol], System.Globalization.CultureInfo.InvariantCulture) is var cls and > 0)
                    {
                        w.WriteStartObject("classification");
                        w.WriteString("name", $"Class {cls}");
                        w.WriteStartArray("color");
                        foreach (var c in Palette[(int)((cls - 1) % Palette.Length)]) w.WriteNumberValue(c);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteStartObject("measurements");
                    for (int i = 0; i < row.Length; i++)
                    {
                        if (skip.Contains(table.Headers[i]) || !MeasurementTable.IsNumber(row[i])) continue;
                        double v = Convert.ToDouble(row[i], System.Globalization.CultureInfo.InvariantCulture);
                        if (double.IsFinite(v)) w.WriteNumber(table.Headers[i], v);
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    features++;
                }
                w.WriteEndArray();
                w.WriteEndObject();
                files++;
            }
        }
        return (files, features);
    }

    private static void WriteRing(Utf8JsonWriter w, IReadOnlyList<int> ring)
    {
        w.WriteStartArray();
        for (int i = 0; i < ring.Count; i += 2)
        {
            w.WriteStartArray();
            w.WriteNumberValue(ring[i]);
            w.WriteNumberValue(ring[i + 1]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
