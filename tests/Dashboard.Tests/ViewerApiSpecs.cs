using System.Globalization;
using System.Net;
using System.Text.Json;
using CellActors.Reading;
using OpenCvSharp;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>The viewer's endpoints (raw pixels, masks, ground truth, scatter) on the fixture's real results, against the files and the database.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ViewerApiSpecs(DashboardFixture fx)
{
    private const string J = DashboardFixture.Job;

    private static string E(string s) => Uri.EscapeDataString(s);

    private async Task<JsonElement> Get(string path)
    {
        using var r = await fx.Http.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Pixels_are_the_recorded_files_samples_unchanged()
    {
        var id = $"{J}/01/t0004";
        using var r = await fx.Http.GetAsync($"/api/jobs/{E(J)}/frame/pixels?image_id={E(id)}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("uint16", r.Headers.GetValues("X-Pixel-Type").Single());
        Assert.Equal("256", r.Headers.GetValues("X-Height").Single());
        Assert.Equal("256", r.Headers.GetValues("X-Width").Single());
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var row = fx.Rows("SELECT uri, page FROM frames WHERE image_id = $id", ("$id", id)).Single();
        using var m = FrameReader.ReadPlane((string)row[0], Convert.ToInt32(row[1], CultureInfo.InvariantCulture));
        m.GetArray(out ushort[] expected);
        var got = new ushort[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, got, 0, bytes.Length);
        Assert.Equal(expected, got);
        Assert.True(expected.Distinct().Count() > 100, "a real 16-bit frame");

        using var missing = await fx.Http.GetAsync($"/api/jobs/{E(J)}/frame/pixels?image_id=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Objects_are_the_frames_rows_with_their_masks_and_tracks()
    {
        var id = $"{J}/01/t0003";
        var o = await Get($"/api/jobs/{E(J)}/frame/objects?image_id={E(id)}");
        var rows = fx.Rows("SELECT label, rle, track_id FROM objects WHERE image_id = $id ORDER BY label", ("$id", id));
        var list = o.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(rows.Count, list.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(Convert.ToInt32(rows[i][0], CultureInfo.InvariantCulture), list[i].GetProperty("label").GetInt32());
            Assert.Equal((string)rows[i][1], list[i].GetProperty("rle").GetString());
            Assert.Equal(Convert.ToInt64(rows[i][2], CultureInfo.InvariantCulture), list[i].GetProperty("trackId").GetInt64());
        }
        Assert.Equal(256, o.GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task Scatter_sends_every_object_of_the_scope_or_every_kth_beyond_the_limit()
    {
        var seq = await Get($"/api/jobs/{E(J)}/scatter?x=area&y=intensity_mean&dataset={E(J)}&sequence=01");
        var all = fx.Rows("SELECT o.image_id, o.label, o.area, o.intensity_mean FROM objects o ORDER BY o.image_id, o.label");
        Assert.Equal(all.Count, seq.GetProperty("total").GetInt64());
        Assert.Equal(1, seq.GetProperty("stride").GetInt32());
        var images = seq.GetProperty("images").EnumerateArray().Select(e => e.GetString()).ToList();
        var points = seq.GetProperty("points").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.Equal(all.Count, points.Count);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal((string)all[i][0], images[(int)points[i][2]]);
            Assert.Equal(Convert.ToDouble(all[i][1], CultureInfo.InvariantCulture), points[i][3]);
            Assert.Equal(Convert.ToDouble(all[i][2], CultureInfo.InvariantCulture), points[i][0]);
            Assert.Equal(Convert.ToDouble(all[i][3], CultureInfo.InvariantCulture), points[i][1]);
        }

        var few = await Get($"/api/jobs/{E(J)}/scatter?x=area&y=eccentricity&limit=10");
        var stride = (all.Count + 9) / 10;
        Assert.Equal(stride, few.GetProperty("stride").GetInt32());
        Assert.Equal((all.Count + stride - 1) / stride, few.GetProperty("points").GetArrayLength());

        var frame = await Get($"/api/jobs/{E(J)}/scatter?x=area&y=perimeter&image_id={E($"{J}/01/t0002")}");
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects WHERE image_id = $id", ("$id", $"{J}/01/t0002")), frame.GetProperty("total").GetInt64());

        using var bad = await fx.Http.GetAsync($"/api/jobs/{E(J)}/scatter?x=rle&y=area");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown measure 'rle'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ground_truth_is_empty_when_none_was_imported()
    {
        Assert.Equal(0, (await Get($"/api/groundtruth?dataset={E(J)}&sequence=01")).GetArrayLength());
        var gt = await Get($"/api/jobs/{E(J)}/frame/groundtruth?image_id={E($"{J}/01/t0000")}");
        Assert.Equal(0, gt.GetProperty("objects").GetArrayLength());
    }
}
