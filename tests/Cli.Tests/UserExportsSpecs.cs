using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.Imaging.Contours;
using CellActors.Reading.Evaluation;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary><c>export labels|measurements|geojson|napari</c> on real runs of the pipeline over synthetic data.</summary>
public sealed class UserExportsSpecs
{
    [Fact]
    public void Labels_geojson_measurements_and_napari_of_a_tracked_sequence_equal_the_database()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 10, Height: 160, Width: 160, InitialCells: 8, Seed: 5, DivisionProbability: 0.15));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--track", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        var frames = Frames(results);
        Assert.Equal(10, frames.Count);

        // Labels: t000.tif -> t000_masks.tif, every pixel the database's label.
        var labels = tmp.Sub("labels");
        var export = CliProcess.Run("export", "labels", results, "--to", labels);
        Assert.True(export.ExitCode == 0, export.ToString());
        foreach (var f in frames)
        {
            var file = Path.Combine(labels, $"t{f.T:D3}_masks.tif");
            Assert.True(File.Exists(file), file);
            Assert.Equal(Decoded(results, f.Id, f.H, f.W), CtcFolder.ReadLabels(file).Labels);
        }

        // GeoJSON: one file per image; every polygon re-rasterised equals its object's mask.
        var geo = tmp.Sub("geojson");
        var g = CliProcess.Run("export", "geojson", results, "--to", geo);
        Assert.True(g.ExitCode == 0, g.ToString());
        foreach (var f in frames)
        {
            var truth = Decoded(results, f.Id, f.H, f.W);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(geo, $"t{f.T:D3}.geojson")));
            Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
            var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(truth.Where(l => l > 0).Distinct().Count(), features.Count);
            var painted = new int[f.H * f.W];
            foreach (var feature in features)
            {
                var props = feature.GetProperty("properties");
                Assert.Equal("detection", props.GetProperty("objectType").GetString());
                int label = int.Parse(props.GetProperty("name").GetString()!, CultureInfo.InvariantCulture);
                Assert.True(props.GetProperty("measurements").GetProperty("AreaShape_Area").GetDouble() > 0);
                Assert.Equal("Class 1", props.GetProperty("classification").GetProperty("name").GetString());
                foreach (var (x, y) in Rasterise(feature.GetProperty("geometry"), f.H, f.W))
                {
                    Assert.Equal(0, painted[y * f.W + x]);
                    painted[y * f.W + x] = label;
                }
            }
            Assert.Equal(truth, painted);
        }

        // Measurements: one row per object with the database's values under the documented headers.
        var csv = tmp.Sub("objects.csv");
        var m = CliProcess.Run("export", "measurements", results, "--to", csv);
        Assert.True(m.ExitCode == 0, m.ToString());
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["image_id", "label"], header[..2]);
        foreach (var h in (string[])["AreaShape_Area", "AreaShape_Center_X", "AreaShape_Center_Y", "AreaShape_Perimeter", "Intensity_MeanIntensity", "TrackObjects_TrackId", "Metadata_Job"])
            Assert.Contains(h, header);
        Assert.DoesNotContain(header, h => h.Contains("rle", StringComparison.OrdinalIgnoreCase) || h.Contains("EncodedPixels", StringComparison.Ordinal));
        Assert.Contains(header, h => h.StartsWith("Intensity_MeanIntensity_", StringComparison.Ordinal));
        var db = ResultsDb.Rows(results, "SELECT image_id, label, area, centroid_x, centroid_y, perimeter, track_id FROM objects ORDER BY image_id, label");
        Assert.Equal(db.Count, lines.Length - 1);
        int cArea = Array.IndexOf(header, "AreaShape_Area"), cX = Array.IndexOf(header, "AreaShape_Center_X"), cY = Array.IndexOf(header, "AreaShape_Center_Y");
        int cP = Array.IndexOf(header, "AreaShape_Perimeter"), cT = Array.IndexOf(header, "TrackObjects_TrackId");
        for (int i = 0; i < db.Count; i++)
        {
            var row = lines[i + 1].Split(',');
            Assert.Equal((string)db[i][0], row[0]);
            Assert.Equal(Convert.ToInt64(db[i][1], CultureInfo.InvariantCulture), long.Parse(row[1], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToInt64(db[i][2], CultureInfo.InvariantCulture), long.Parse(row[cArea], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToDouble(db[i][3], CultureInfo.InvariantCulture), double.Parse(row[cX], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToDouble(db[i][4], CultureInfo.InvariantCulture), double.Parse(row[cY], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToDouble(db[i][5], CultureInfo.InvariantCulture), double.Parse(row[cP], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToInt64(db[i][6], CultureInfo.InvariantCulture), long.Parse(row[cT], CultureInfo.InvariantCulture));
        }
        var framesCsv = tmp.Sub("frames.csv");
        Assert.Equal(0, CliProcess.Run("export", "measurements", results, "--to", framesCsv, "--level", "frames").ExitCode);
        Assert.Equal(frames.Count + 1, File.ReadAllLines(framesCsv).Length);
        Assert.StartsWith("image_id,", File.ReadAllLines(framesCsv)[0], StringComparison.Ordinal);
        Assert.Contains("Count_Cells", File.ReadAllLines(framesCsv)[0], StringComparison.Ordinal);
        var tracksCsv = tmp.Sub("tracks-m.csv");
        Assert.Equal(0, CliProcess.Run("export", "measurements", results, "--to", tracksCsv, "--level", "tracks").ExitCode);
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM tracks") + 1, File.ReadAllLines(tracksCsv).Length);

        // napari: rows are the tracked objects (centroids), the graph is the tracks' parents.
        var napari = tmp.Sub("napari/tracks.csv");
        var n = CliProcess.Run("export", "napari", results, "--to", napari);
        Assert.True(n.ExitCode == 0, n.ToString());
        var napariLines = File.ReadAllLines(napari);
        Assert.Equal("track_id,t,y,x", napariLines[0]);
        var expected = ResultsDb.Rows(results, """
            SELECT o.track_id, f.t, o.centroid_y, o.centroid_x FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id
            WHERE o.track_id IS NOT NULL ORDER BY o.track_id, f.t
            """).Select(r => string.Join(',', Convert.ToInt64(r[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                Convert.ToInt64(r[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                Convert.ToDouble(r[2], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                Convert.ToDouble(r[3], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects"), expected.Count);
        Assert.Equal(expected, napariLines.Skip(1).ToList());
        using var graph = JsonDocument.Parse(File.ReadAllText(tmp.Sub("napari/tracks_graph.json")));
        var parents = ResultsDb.Rows(results, "SELECT track_id, parent_track_id FROM tracks WHERE parent_track_id IS NOT NULL ORDER BY track_id")
            .ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        Assert.NotEmpty(parents);
        Assert.Equal(parents, graph.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Single().GetInt64()));
    }

    [Fact]
    public void Labels_of_loose_images_sharing_a_stem_keep_their_folders_and_an_untracked_job_refuses_napari()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 2, Height: 128, Width: 128, InitialCells: 6, Seed: 9));
        var loose = tmp.Sub("loose");
        Directory.CreateDirectory(Path.Combine(loose, "a"));
        Directory.CreateDirectory(Path.Combine(loose, "b"));
        File.Copy(Path.Combine(synth.SequencePath, "t000.tif"), Path.Combine(loose, "a", "img.tif"));
        File.Copy(Path.Combine(synth.SequencePath, "t001.tif"), Path.Combine(loose, "b", "img.tif"));
        File.Copy(Path.Combine(synth.SequencePath, "t001.tif"), Path.Combine(loose, "b", "other.tif"));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", loose, "--out", results, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        foreach (var format in (string[])["tif", "png"])
        {
            var labels = tmp.Sub("labels-" + format);
            var export = CliProcess.Run("export", "labels", results, "--to", labels, "--format", format);
            Assert.True(export.ExitCode == 0, export.ToString());
            foreach (var f in Frames(results))
            {
                var rel = Path.GetRelativePath(loose, f.Uri);
                var file = Path.Combine(labels, Path.ChangeExtension(rel, null) + "_masks." + format);
                Assert.True(File.Exists(file), $"{file} for {f.Id}: " + string.Join(", ", Directory.GetFiles(labels, "*", SearchOption.AllDirectories)));
                Assert.Equal(Decoded(results, f.Id, f.H, f.W), CtcFolder.ReadLabels(file).Labels);
            }
        }

        var napari = CliProcess.Run("export", "napari", results, "--to", tmp.Sub("tracks.csv"));
        Assert.Equal(1, napari.ExitCode);
        Assert.Contains("not tracked yet", napari.Stderr, StringComparison.Ordinal);
        Assert.Contains("cellactors track", napari.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Sub("tracks.csv")));
    }

    [Fact]
    public void Traced_polygons_of_an_object_with_a_hole_and_corner_touching_parts_rasterise_back_exactly()
    {
        // A ring (hole in the middle), an island inside the hole, and two pixels touching the ring only at a corner.
        const int h = 12, w = 12;
        var labels = new int[h * w];
        for (int y = 2; y <= 8; y++)
            for (int x = 2; x <= 8; x++)
                if (y is 2 or 8 || x is 2 or 8 || (y == 5 && x == 5)) labels[y * w + x] = 3;
        labels[9 * w + 9] = 3;
        labels[10 * w + 10] = 3;
        labels[0] = 4;
        var polygons = MaskPolygons.Trace(labels, h, w, 3);
        Assert.Contains(polygons, p => p.Holes.Count == 1);
        var geometry = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            type = "MultiPolygon",
            coordinates = polygons.Select(p => new[] { Pairs(p.Outer) }.Concat(p.Holes.Select(Pairs)).ToArray()).ToArray(),
        })).RootElement;
        var painted = new int[h * w];
        foreach (var (x, y) in Rasterise(geometry, h, w)) painted[y * w + x] = 3;
        Assert.Equal(labels.Select(l => l == 3 ? 3 : 0), painted);
        foreach (var p in polygons)
        {
            Assert.Equal(p.Outer[0], p.Outer[^2]);
            Assert.Equal(p.Outer[1], p.Outer[^1]);
        }
    }

    private static int[][] Pairs(IReadOnlyList<int> ring) => Enumerable.Range(0, ring.Count / 2).Select(i => new[] { ring[2 * i], ring[2 * i + 1] }).ToArray();

    /// <summary>The pixels whose centre lies inside the outer ring and outside every hole (even-odd crossings), for a Polygon or MultiPolygon.</summary>
    private static IEnumerable<(int X, int Y)> Rasterise(JsonElement geometry, int h, int w)
    {
        var type = geometry.GetProperty("type").GetString();
        var polygons = type == "Polygon" ? [geometry.GetProperty("coordinates")] : geometry.GetProperty("coordinates").EnumerateArray().ToList();
        foreach (var polygon in polygons)
        {
            var rings = polygon.EnumerateArray().Select(r => r.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList()).ToList();
            foreach (var ring in rings) Assert.Equal(ring[0], ring[^1]); // closed
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (Inside(rings[0], x + 0.5, y + 0.5) && !rings.Skip(1).Any(r => Inside(r, x + 0.5, y + 0.5)))
                        yield return (x, y);
        }
    }

    private static bool Inside(List<(double X, double Y)> ring, double x, double y)
    {
        bool inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            if ((ring[i].Y > y) != (ring[j].Y > y) && x < (ring[j].X - ring[i].X) * (y - ring[i].Y) / (ring[j].Y - ring[i].Y) + ring[i].X)
                inside = !inside;
        return inside;
    }

    private static List<(string Id, string Uri, int T, int H, int W)> Frames(string results) =>
        ResultsDb.Rows(results, "SELECT image_id, uri, t, height, width FROM frames ORDER BY image_id")
            .Select(r => ((string)r[0], (string)r[1], Convert.ToInt32(r[2], CultureInfo.InvariantCulture), Convert.ToInt32(r[3], CultureInfo.InvariantCulture), Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>The database's own masks of a frame: every object's RLE decoded with its label (row-major).</summary>
    private static int[] Decoded(string results, string id, int h, int w)
    {
        var labels = new int[h * w];
        foreach (var r in ResultsDb.Rows(results, "SELECT label, rle FROM objects WHERE image_id = @id ORDER BY label", ("@id", id)))
            Rle.DecodeInto((string)r[1], Convert.ToInt32(r[0], CultureInfo.InvariantCulture), labels, h, w);
        return labels;
    }
}
