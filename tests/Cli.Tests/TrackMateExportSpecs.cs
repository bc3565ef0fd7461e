using System.Globalization;
using System.Xml.Linq;
using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary><c>export trackmate</c> on a real run of the pipeline (segment and track) over a synthetic sequence with divisions.</summary>
public sealed class TrackMateExportSpecs
{
    private static double D(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static long L(XElement e, string attribute) => long.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static long L(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    [Fact]
    public void TrackMate_xml_of_a_tracked_sequence_has_every_object_as_a_spot_and_every_track_and_division_as_edges()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 10, Height: 160, Width: 160, InitialCells: 8, Seed: 5, DivisionProbability: 0.15));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--track", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        var xml = tmp.Sub("trackmate/sim.xml");
        var export = CliProcess.Run("export", "trackmate", results, "--to", xml);
        Assert.True(export.ExitCode == 0, export.ToString());
        var doc = XDocument.Load(xml);

        // Structure: root, Log, Model (units, declarations, spots, tracks, filtered tracks), Settings/ImageData.
        var root = doc.Root!;
        Assert.Equal("TrackMate", root.Name.LocalName);
        Assert.StartsWith("7.", (string)root.Attribute("version")!, StringComparison.Ordinal);
        Assert.NotNull(root.Element("Log"));
        var model = root.Element("Model")!;
        Assert.Equal("pixel", (string)model.Attribute("spatialunits")!);
        Assert.Equal("frame", (string)model.Attribute("timeunits")!);
        var declarations = model.Element("FeatureDeclarations")!;
        HashSet<string> Declared(string kind) => [.. declarations.Element(kind)!.Elements("Feature").Select(f => (string)f.Attribute("feature")!)];
        var spotFeatures = Declared("SpotFeatures");
        var edgeFeatures = Declared("EdgeFeatures");
        var trackFeatures = Declared("TrackFeatures");
        foreach (var f in declarations.Descendants("Feature"))
            foreach (var a in (string[])["feature", "name", "shortname", "dimension", "isint"])
                Assert.NotNull(f.Attribute(a));
        foreach (var f in (string[])["POSITION_X", "POSITION_Y", "POSITION_Z", "POSITION_T", "FRAME", "RADIUS", "QUALITY", "VISIBILITY", "AREA", "MEAN_INTENSITY"])
            Assert.Contains(f, spotFeatures);
        var settings = root.Element("Settings")!;
        var image = settings.Element("ImageData")!;
        Assert.Equal(160, L(image, "width"));
        Assert.Equal(160, L(image, "height"));
        Assert.Equal(1, L(image, "nslices"));
        Assert.Equal(10, L(image, "nframes"));
        Assert.Equal(1.0, D(image, "pixelwidth"));
        Assert.Equal(1.0, D(image, "timeinterval"));

        // Spots: one per tracked object, at its centroid and frame, with its measurements; every attribute declared.
        var allSpots = model.Element("AllSpots")!;
        var spots = allSpots.Elements("SpotsInFrame").SelectMany(f => f.Elements("Spot").Select(s => (Frame: L(f, "frame"), Spot: s))).ToList();
        var objects = ResultsDb.Rows(results, """
            SELECT f.t, o.label, o.centroid_x, o.centroid_y, o.area, o.intensity_mean, o.equivalent_diameter, o.track_id
            FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE o.track_id IS NOT NULL
            """);
        Assert.Equal(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects"), objects.Count);
        Assert.Equal(objects.Count, spots.Count);
        Assert.Equal(objects.Count, L(allSpots, "nspots"));
        var spotOf = new Dictionary<(long T, long Label), long>();
        foreach (var (frame, spot) in spots)
        {
            foreach (var a in spot.Attributes().Select(a => a.Name.LocalName).Where(n => n is not "ID" and not "name"))
                Assert.True(spotFeatures.Contains(a), $"spot attribute {a} is not declared");
            Assert.Equal(frame, L(spot, "FRAME"));
            spotOf.Add((frame, L(spot, "CELLACTORS_LABEL")), L(spot, "ID"));
        }
        Assert.Equal(spots.Count, spots.Select(s => L(s.Spot, "ID")).Distinct().Count());
        var spotById = spots.ToDictionary(s => L(s.Spot, "ID"), s => s.Spot);
        foreach (var o in objects)
        {
            var spot = spotById[spotOf[(L(o[0]), L(o[1]))]];
            Assert.Equal(Convert.ToDouble(o[2], CultureInfo.InvariantCulture), D(spot, "POSITION_X"));
            Assert.Equal(Convert.ToDouble(o[3], CultureInfo.InvariantCulture), D(spot, "POSITION_Y"));
            Assert.Equal(0.0, D(spot, "POSITION_Z"));
            Assert.Equal(L(o[0]), D(spot, "POSITION_T"));
            Assert.Equal(Convert.ToDouble(o[4], CultureInfo.InvariantCulture), D(spot, "AREA"));
            Assert.Equal(Convert.ToDouble(o[5], CultureInfo.InvariantCulture), D(spot, "MEAN_INTENSITY"));
            Assert.Equal(Convert.ToDouble(o[6], CultureInfo.InvariantCulture) / 2, D(spot, "RADIUS"), 12);
            Assert.Equal(L(o[7]), L(spot, "CELLACTORS_TRACK_ID"));
            Assert.Equal(1.0, D(spot, "QUALITY"));
            Assert.Equal(1.0, D(spot, "VISIBILITY"));
        }

        // Edges: every CellActors track's consecutive observations, and every parent's last spot to its children's first spots.
        var tracks = model.Element("AllTracks")!.Elements("Track").ToList();
        var trackOfEdge = new Dictionary<(long, long), long>();
        foreach (var track in tracks)
        {
            Assert.Equal($"Track_{L(track, "TRACK_ID")}", (string)track.Attribute("name")!);
            foreach (var a in track.Attributes().Select(a => a.Name.LocalName).Where(n => n != "name"))
                Assert.True(trackFeatures.Contains(a), $"track attribute {a} is not declared");
            foreach (var edge in track.Elements("Edge"))
            {
                foreach (var a in edge.Attributes().Select(a => a.Name.LocalName))
                    Assert.True(edgeFeatures.Contains(a), $"edge attribute {a} is not declared");
                trackOfEdge.Add((L(edge, "SPOT_SOURCE_ID"), L(edge, "SPOT_TARGET_ID")), L(track, "TRACK_ID"));
            }
        }
        var observations = objects.GroupBy(o => L(o[7])).ToDictionary(g => g.Key, g => g.OrderBy(o => L(o[0])).Select(o => spotOf[(L(o[0]), L(o[1]))]).ToList());
        var parents = ResultsDb.Rows(results, "SELECT track_id, parent_track_id FROM tracks")
            .ToDictionary(r => L(r[0]), r => r[1] is DBNull ? (long?)null : L(r[1]));
        long Root(long id) => parents[id] is { } p ? Root(p) : id;
        int expectedEdges = 0;
        foreach (var (id, ids) in observations)
        {
            for (int i = 1; i < ids.Count; i++)
            {
                Assert.True(trackOfEdge.TryGetValue((ids[i - 1], ids[i]), out var tm), $"track {id}: no edge {ids[i - 1]} -> {ids[i]}");
                Assert.Equal(Root(id), tm);
                expectedEdges++;
            }
            if (parents[id] is { } parent)
            {
                Assert.True(trackOfEdge.TryGetValue((observations[parent][^1], ids[0]), out var tm), $"track {id}: no edge from its parent {parent}");
                Assert.Equal(Root(id), tm);
                expectedEdges++;
            }
        }
        Assert.Equal(expectedEdges, trackOfEdge.Count);

        // Divisions: both daughters hang from the mother's last spot, in the mother's TrackMate track.
        var divisions = parents.Where(p => p.Value is not null).GroupBy(p => p.Value!.Value).Where(g => g.Count() == 2).ToList();
        Assert.NotEmpty(divisions);
        foreach (var division in divisions)
        {
            var mother = observations[division.Key][^1];
            var daughters = division.Select(d => trackOfEdge[(mother, observations[d.Key][0])]).ToList();
            Assert.Equal(2, daughters.Count);
            Assert.All(daughters, t => Assert.Equal(Root(division.Key), t));
            var track = tracks.Single(t => L(t, "TRACK_ID") == daughters[0]);
            Assert.True(L(track, "NUMBER_SPLITS") >= 1);
        }

        // One TrackMate track per lineage with an edge; FilteredTracks lists every one.
        var lineages = observations.Keys.Select(Root).Distinct()
            .Where(r => observations.Where(o => Root(o.Key) == r).Sum(o => o.Value.Count) > 1).Order().ToList();
        Assert.Equal(lineages, tracks.Select(t => L(t, "TRACK_ID")).Order().ToList());
        Assert.Equal(lineages, model.Element("FilteredTracks")!.Elements("TrackID").Select(t => L(t, "TRACK_ID")).Order().ToList());
        Assert.Contains($"{objects.Count} spots, {tracks.Count} tracks", export.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untracked_job_is_refused_and_nothing_is_written()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: 2, Height: 96, Width: 96, InitialCells: 4, Seed: 3));
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        var export = CliProcess.Run("export", "trackmate", results, "--to", tmp.Sub("tm.xml"));
        Assert.Equal(1, export.ExitCode);
        Assert.Contains("not tracked yet", export.Stderr, StringComparison.Ordinal);
        Assert.Contains("cellactors track", export.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Sub("tm.xml")));
    }
}
