using System.Globalization;
using System.Net;
using System.Text.Json;
using OpenCvSharp;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>The JSON API on a results database made by the real pipeline, checked against the database itself.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardApiSpecs(DashboardFixture fx)
{
    private const string J = DashboardFixture.Job;

    private async Task<JsonElement> Get(string path)
    {
        using var r = await fx.Http.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string E(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task Jobs_list_the_job_with_its_progress_objects_and_errors()
    {
        var jobs = await Get("/api/jobs");
        var j = Assert.Single(jobs.EnumerateArray());
        Assert.Equal(J, j.GetProperty("job").GetString());
        Assert.Equal("completed", j.GetProperty("status").GetString());
        // The corrupt file fails at discovery: an errors row, not a manifest entry.
        Assert.Equal(DashboardFixture.Frames, j.GetProperty("frameCount").GetInt64());
        Assert.Equal(DashboardFixture.Frames, j.GetProperty("framesDone").GetInt64());
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects"), j.GetProperty("objects").GetInt64());
        Assert.Equal(1, j.GetProperty("errors").GetInt64());
        Assert.Equal(0, j.GetProperty("etaSeconds").GetDouble());
        Assert.False(j.GetProperty("live").GetBoolean());

        var d = await Get($"/api/jobs/{E(J)}");
        Assert.Single(d.GetProperty("runs").EnumerateArray());
        var seq = Assert.Single(d.GetProperty("sequences").EnumerateArray());
        Assert.Equal("01", seq.GetProperty("sequence").GetString());
        Assert.Equal(DashboardFixture.Frames, seq.GetProperty("frames").GetInt64());
        Assert.Equal(DashboardFixture.Frames, d.GetProperty("throughput").EnumerateArray().Last().GetProperty("framesDone").GetInt64());
        Assert.Equal(JsonValueKind.Null, d.GetProperty("live").ValueKind);
    }

    [Fact]
    public async Task Time_series_follow_the_frames_table()
    {
        var ts = await Get($"/api/jobs/{E(J)}/timeseries?dataset={E(J)}&sequence=01");
        var points = ts.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(DashboardFixture.Frames, points.Count);
        foreach (var p in points)
        {
            var t = p.GetProperty("t").GetInt32();
            var row = fx.Rows("SELECT cell_count, cell_area, cell_ratio FROM frames WHERE t = $t", ("$t", t)).Single();
            var cells = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            Assert.Equal(cells, p.GetProperty("cellCount").GetInt64());
            Assert.Equal((double)Convert.ToInt64(row[1], CultureInfo.InvariantCulture) / cells, p.GetProperty("meanCellArea").GetDouble(), 9);
            Assert.Equal(Convert.ToDouble(row[2], CultureInfo.InvariantCulture), p.GetProperty("cellRatio").GetDouble(), 9);
        }
        using var missing = await fx.Http.GetAsync($"/api/jobs/{E(J)}/timeseries?dataset={E(J)}&sequence=02");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noJob = await fx.Http.GetAsync("/api/jobs/nope/timeseries?dataset=a&sequence=b");
        Assert.Equal(HttpStatusCode.NotFound, noJob.StatusCode);
    }

    [Fact]
    public async Task Histogram_counts_every_object_once()
    {
        foreach (var measure in new[] { "area", "eccentricity", "intensity_mean" })
        {
            var h = await Get($"/api/jobs/{E(J)}/histogram?measure={measure}&bins=17");
            var bins = h.GetProperty("bins").EnumerateArray().Select(b => b.GetInt64()).ToList();
            Assert.Equal(17, bins.Count);
            Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects"), bins.Sum());
        }
        var one = await Get($"/api/jobs/{E(J)}/histogram?measure=area&dataset={E(J)}&sequence=01&t=3");
        Assert.Equal(fx.Scalar("SELECT cell_count FROM frames WHERE t = 3"), one.GetProperty("bins").EnumerateArray().Sum(b => b.GetInt64()));
        Assert.Equal(fx.Scalar("SELECT MAX(o.area) FROM objects o JOIN frames f ON f.image_id = o.image_id WHERE f.t = 3"), (long)one.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task Cell_table_filters_sorts_and_pages_on_the_server()
    {
        var threshold = fx.Scalar("SELECT area FROM objects ORDER BY area LIMIT 1 OFFSET (SELECT COUNT(*) / 3 FROM objects)");
        var expected = fx.Scalar("SELECT COUNT(*) FROM objects o JOIN frames f ON f.image_id = o.image_id WHERE o.area > $a AND f.t >= 2", ("$a", threshold));
        var url = $"/api/jobs/{E(J)}/cells?filter=area:gt:{threshold}&filter=t:ge:2&sort=area&dir=desc&size=7";
        var p1 = await Get(url);
        Assert.Equal(expected, p1.GetProperty("total").GetInt64());
        var cols = p1.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        int ia = cols.IndexOf("area"), it = cols.IndexOf("t"), iid = cols.IndexOf("image_id"), il = cols.IndexOf("label");
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var p = page == 1 ? p1 : await Get(url + "&page=" + page);
            var pr = p.GetProperty("rows").EnumerateArray().ToList();
            if (pr.Count == 0) break;
            Assert.True(pr.Count <= 7);
            rows.AddRange(pr);
        }
        Assert.Equal(expected, rows.Count);
        var areas = rows.Select(r => r[ia].GetInt64()).ToList();
        Assert.All(areas, a => Assert.True(a > threshold));
        Assert.All(rows, r => Assert.True(r[it].GetInt32() >= 2));
        Assert.Equal(areas.OrderByDescending(a => a).ToList(), areas);
        Assert.Equal(rows.Count, rows.Select(r => r[iid].GetString() + "#" + r[il].GetInt32()).Distinct().Count());

        var tracked = await Get($"/api/jobs/{E(J)}/cells?filter=track_id:notnull&size=1");
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects WHERE track_id IS NOT NULL"), tracked.GetProperty("total").GetInt64());
        var byId = await Get($"/api/jobs/{E(J)}/cells?filter=image_id:contains:t0004&size=500");
        Assert.Equal(fx.Scalar("SELECT cell_count FROM frames WHERE t = 4"), byId.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Csv_download_streams_every_row_of_the_filter_with_its_rle()
    {
        using var r = await fx.Http.GetAsync($"/api/jobs/{E(J)}/cells.csv?filter=t:le:5&sort=area", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        var lines = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("image_id,dataset,sequence,t,z,label,track_id,area", lines[0]);
        Assert.EndsWith(",rle", lines[0]);
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects o JOIN frames f ON f.image_id = o.image_id WHERE f.t <= 5"), lines.Length - 1);
        var rle = fx.Rows("SELECT rle FROM objects ORDER BY length(rle) DESC LIMIT 1").Single()[0];
        var all = await fx.Http.GetStringAsync($"/api/jobs/{E(J)}/cells.csv");
        Assert.Contains("," + rle, all);
    }

    [Fact]
    public async Task Frame_image_is_the_recorded_frame_with_outlines_coloured_by_track()
    {
        var id = $"{J}/01/t0003";
        var bytes = await fx.Http.GetByteArrayAsync($"/api/jobs/{E(J)}/frame/image?image_id={E(id)}");
        using var png = Cv2.ImDecode(bytes, ImreadModes.Color);
        Assert.Equal(256, png.Rows);
        Assert.Equal(256, png.Cols);
        var colours = Colours(png);
        Assert.True(colours.Count >= 3, $"outlines in several track colours expected, found {colours.Count} distinct colours");

        var plain = await fx.Http.GetByteArrayAsync($"/api/jobs/{E(J)}/frame/image?image_id={E(id)}&outlines=0");
        using var grey = Cv2.ImDecode(plain, ImreadModes.Color);
        Assert.Empty(Colours(grey));
    }

    private static HashSet<(byte, byte, byte)> Colours(Mat bgr)
    {
        bgr.GetArray(out Vec3b[] px);
        return px.Where(p => p.Item0 != p.Item1 || p.Item1 != p.Item2).Select(p => (p.Item0, p.Item1, p.Item2)).ToHashSet();
    }

    [Fact]
    public async Task Clicking_a_pixel_finds_the_cell_under_it_and_its_track()
    {
        var o = fx.ObjectUnderItsCentroid(5);
        var hit = await Get($"/api/jobs/{E(J)}/frame/hit?image_id={E(o.ImageId)}&x={o.X}&y={o.Y}");
        Assert.Equal(o.Label, hit.GetProperty("values").GetProperty("label").GetInt32());
        Assert.Equal(o.TrackId, hit.GetProperty("track").GetProperty("trackId").GetInt64());
        using var none = await fx.Http.GetAsync($"/api/jobs/{E(J)}/frame/hit?image_id={E(o.ImageId)}&x=0&y=0");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Lineage_lists_ancestors_descendants_and_the_track_over_time()
    {
        var daughter = fx.Rows("SELECT track_id, parent_track_id FROM tracks WHERE parent_track_id IS NOT NULL ORDER BY track_id LIMIT 1").Single();
        long child = Convert.ToInt64(daughter[0], CultureInfo.InvariantCulture), mother = Convert.ToInt64(daughter[1], CultureInfo.InvariantCulture);
        var l = await Get($"/api/jobs/{E(J)}/tracks/{child}/lineage");
        Assert.Equal(mother, l.GetProperty("ancestors").EnumerateArray().Last().GetProperty("trackId").GetInt64());
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects WHERE track_id = $t", ("$t", child)), l.GetProperty("points").GetArrayLength());

        var m = await Get($"/api/jobs/{E(J)}/tracks/{mother}/lineage");
        var kids = m.GetProperty("descendants").EnumerateArray().Where(d => d.GetProperty("depth").GetInt32() == 1).Select(d => d.GetProperty("track").GetProperty("trackId").GetInt64()).ToList();
        Assert.Contains(child, kids);
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM tracks WHERE parent_track_id = $m", ("$m", mother)), kids.Count);

        var roots = await Get($"/api/jobs/{E(J)}/tracks?roots=1&size=500");
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM tracks WHERE parent_track_id IS NULL"), roots.GetProperty("total").GetInt64());
        using var missing = await fx.Http.GetAsync($"/api/jobs/{E(J)}/tracks/999999/lineage");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Errors_list_the_input_that_could_not_be_read()
    {
        var e = await Get($"/api/jobs/{E(J)}/errors");
        var item = Assert.Single(e.GetProperty("items").EnumerateArray());
        Assert.EndsWith("t999.tif", item.GetProperty("uri").GetString());
        Assert.Equal("not_an_image", item.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_api_route_and_pages_are_served()
    {
        var doc = await Get("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var route in new[] { "/api/jobs", "/api/jobs/{job}", "/api/schema", "/api/jobs/{job}/timeseries", "/api/jobs/{job}/histogram", "/api/jobs/{job}/frames",
                     "/api/jobs/{job}/frame", "/api/jobs/{job}/frame/image", "/api/jobs/{job}/frame/hit", "/api/jobs/{job}/cell", "/api/jobs/{job}/cells",
                     "/api/jobs/{job}/cells.csv", "/api/jobs/{job}/tracks", "/api/jobs/{job}/tracks/{trackId}/lineage", "/api/jobs/{job}/errors",
                     "/api/jobs/{job}/control/pause", "/api/jobs/{job}/control/resume", "/api/jobs/{job}/control/cancel",
                     "/api/jobs/{job}/frame/pixels", "/api/jobs/{job}/frame/objects", "/api/jobs/{job}/frame/groundtruth", "/api/groundtruth", "/api/jobs/{job}/scatter" })
            Assert.Contains(route, paths);
        Assert.Equal(23, paths.Count);

        foreach (var page in new[] { "/", "/index.html", "/sequence.html", "/viewer.html", "/cells.html", "/lineage.html", "/errors.html", "/assets/app.js", "/assets/render.js", "/assets/scatter.js", "/assets/vendor/uPlot.iife.min.js" })
        {
            using var r = await fx.Http.GetAsync(page);
            Assert.True(r.StatusCode == HttpStatusCode.OK, page);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }
        using var unknown = await fx.Http.GetAsync("/nope.html");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
