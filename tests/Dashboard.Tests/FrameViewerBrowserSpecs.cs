using System.Globalization;
using System.Text.Json;
using CellActors.Dashboard.Data;
using CellActors.Dashboard.Rendering;
using CellActors.Imaging;
using CellActors.Reading;
using CellActors.TestSupport;
using Microsoft.Data.Sqlite;
using OpenCvSharp;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// The frame viewer in a real headless Chromium over the fixture's real results: wheel zoom keeps the pixel under the
/// cursor, dragging pans; contrast limits, gamma and lookup tables give the canvas the colours the formula gives the raw
/// 16-bit samples; fill opacity and outlines; ground-truth outlines only once <c>import ctc-gt</c> ran; a rectangle
/// on the scatter filters the cell table to exactly the objects SQL finds in it and marks them in the frame.
/// Screenshots go to the test output's <c>screenshots/</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class FrameViewerBrowserSpecs(DashboardFixture fx) : IDisposable
{
    private const string J = DashboardFixture.Job;
    private static readonly (int R, int G, int B) Cyan = (0, 255, 255), White = (255, 255, 255);
    private readonly ChromiumSession _browser = new(fx.ScreenshotDir);

    private ChromeDriver Driver => _browser.Driver;

    public void Dispose() => _browser.Dispose();

    private static string ImageId(int t) => $"{J}/01/t{t.ToString("D4", CultureInfo.InvariantCulture)}";

    private IWebElement Canvas => Driver.FindElement(By.Id("frame-canvas"));

    private T WaitFor<T>(Func<T?> condition, string what) => _browser.WaitFor(condition, what);

    private void Open(int t, Uri? host = null)
    {
        Driver.Navigate().GoToUrl(new Uri(host ?? fx.Host.Url, $"/viewer.html?job={J}&dataset={J}&sequence=01&t={t}").ToString());
        WaitFor(() => Canvas.GetDomAttribute("data-loaded") == ImageId(t), $"frame t={t} drawn");
    }

    /// <summary>Waits until the canvas was drawn with these settings: min, max, gamma, lut, fill, outlines, gt, highlighted cells.</summary>
    private void WaitDisplay(string prefix, string what) =>
        WaitFor(() => Canvas.GetDomAttribute("data-display")?.StartsWith(prefix, StringComparison.Ordinal) == true, what);

    private void Type(string id, string value)
    {
        var e = Driver.FindElement(By.Id(id));
        e.Clear();
        e.SendKeys(value);
    }

    private (int X, int Y) Readout()
    {
        var a = WaitFor(() =>
        {
            var r = Driver.FindElement(By.Id("pixel-readout"));
            var x = r.GetDomAttribute("data-x");
            var y = r.GetDomAttribute("data-y");
            return x is null || y is null ? null : new[] { int.Parse(x, CultureInfo.InvariantCulture), int.Parse(y, CultureInfo.InvariantCulture) };
        }, "pixel readout");
        return (a[0], a[1]);
    }

    /// <summary>The raw samples of frame t, read from the file the job recorded (16-bit synthetic frames).</summary>
    private (ushort[] Data, int Height, int Width) Raw(int t)
    {
        var row = fx.Rows("SELECT uri, page, height, width FROM frames WHERE t = $t", ("$t", t)).Single();
        using var m = FrameReader.ReadPlane((string)row[0], Convert.ToInt32(row[1], CultureInfo.InvariantCulture));
        Assert.Equal(MatType.CV_16UC1, m.Type());
        using var c = m.Clone();
        c.GetArray(out ushort[] a);
        return (a, c.Rows, c.Cols);
    }

    /// <summary>Frame t's objects as a label map (value = label) and each label's track.</summary>
    private (int[] Labels, Dictionary<int, long?> Tracks) Objects(int t, int h, int w)
    {
        var labels = new int[h * w];
        var tracks = new Dictionary<int, long?>();
        foreach (var r in fx.Rows("SELECT label, rle, track_id FROM objects WHERE image_id = $id ORDER BY label", ("$id", ImageId(t))))
        {
            var label = Convert.ToInt32(r[0], CultureInfo.InvariantCulture);
            Rle.DecodeInto((string)r[1], label, labels, h, w);
            tracks[label] = r[2] is DBNull ? null : Convert.ToInt64(r[2], CultureInfo.InvariantCulture);
        }
        return (labels, tracks);
    }

    private static bool Edge(int[] labels, int w, int h, int x, int y)
    {
        var l = labels[y * w + x];
        return x == 0 || y == 0 || x == w - 1 || y == h - 1 || labels[y * w + x - 1] != l || labels[y * w + x + 1] != l || labels[(y - 1) * w + x] != l || labels[(y + 1) * w + x] != l;
    }

    /// <summary>The viewer's contrast formula: ((v − min) / (max − min)) clamped to [0, 1], to the power gamma, × 255, rounded.</summary>
    private static int Level(double v, double min, double max, double gamma)
    {
        var u = max > min ? (v - min) / (max - min) : v > min ? 1 : 0;
        u = u <= 0 ? 0 : u >= 1 ? 1 : u;
        if (gamma != 1) u = Math.Pow(u, gamma);
        return (int)Math.Floor(u * 255 + 0.5);
    }

    private static (int R, int G, int B) Rgb((byte B, byte G, byte R) bgr) => (bgr.R, bgr.G, bgr.B);

    private static (int R, int G, int B) TrackColour(long? track) => track is { } t ? Rgb(FrameRenderer.TrackColour(t)) : Rgb(FrameRenderer.Untracked);

    private static List<(int X, int Y)> Grid(int w, int h, int n) =>
        [.. from i in Enumerable.Range(0, n) from j in Enumerable.Range(0, n) select ((int)((i + 0.5) * w / n), (int)((j + 0.5) * h / n))];

    [ChromiumFact]
    public void Wheel_zooms_around_the_cursor_drag_pans_and_fit_resets()
    {
        Open(0);
        var fit = ViewerCanvas.Read(Driver);
        Assert.Equal(Math.Min(fit.CssWidth / 256.0, fit.CssHeight / 256.0), fit.Scale, 9);

        // The pointer somewhere off the centre, over the frame; the pixel under it and its neighbours' colours.
        int offX = -(int)(fit.Scale * 40), offY = -(int)(fit.Scale * 25);
        new Actions(Driver).MoveToElement(Canvas, offX, offY).Perform();
        var (ix, iy) = Readout();
        var around = (from dy in Enumerable.Range(-2, 5) from dx in Enumerable.Range(-2, 5) select (ix + dx, iy + dy)).ToList();
        var colours = fit.Colours(Driver, around);

        new Actions(Driver).ScrollFromOrigin(new WheelInputDevice.ScrollOrigin { Element = Canvas, XOffset = offX, YOffset = offY }, 0, -300).Perform();
        var zoomed = WaitFor(() => { var v = ViewerCanvas.Read(Driver); return v.Scale > fit.Scale * 1.01 ? v : null; }, "zoomed in");
        Assert.Equal(2 * fit.Scale, zoomed.Scale, 9); // 300 px of wheel = twice the scale
        // The image point under the cursor stayed: solving (P − ox) / s = (P − ox') / s' gives the cursor's position P.
        var px = (zoomed.OffsetX * fit.Scale - fit.OffsetX * zoomed.Scale) / (fit.Scale - zoomed.Scale);
        var py = (zoomed.OffsetY * fit.Scale - fit.OffsetY * zoomed.Scale) / (fit.Scale - zoomed.Scale);
        var readout = Driver.FindElement(By.Id("pixel-readout"));
        double Css(string name) => double.Parse(readout.GetDomAttribute(name)!, CultureInfo.InvariantCulture);
        Assert.Equal(Css("data-sx"), px, 6);
        Assert.Equal(Css("data-sy"), py, 6);
        Assert.Equal((ix, iy), Readout());
        Assert.Equal(colours, zoomed.Colours(Driver, around));
        // Each image pixel now covers scale × scale screen pixels: points 0.4 scale from a pixel's centre show its colour.
        var (cx, cy) = zoomed.ScreenOf(ix, iy);
        var d = 0.4 * zoomed.Scale;
        Assert.All(ViewerCanvas.ColoursAt(Driver, [[cx - d, cy - d], [cx + d, cy - d], [cx - d, cy + d], [cx + d, cy + d]]), c => Assert.Equal(colours[12], c));
        Assert.Equal(Math.Round(zoomed.Scale * 100).ToString(CultureInfo.InvariantCulture) + "%", _browser.Text("zoom-label"));
        _browser.Screenshot("viewer-zoomed");

        // Drag pans by exactly the pointer's move; the same pixels follow the pointer; a drag selects no cell.
        new Actions(Driver).MoveToElement(Canvas, offX, offY).ClickAndHold().MoveByOffset(60, 35).Release().Perform();
        var panned = WaitFor(() => { var v = ViewerCanvas.Read(Driver); return v.OffsetX != zoomed.OffsetX ? v : null; }, "panned");
        Assert.Equal(zoomed.Scale, panned.Scale);
        Assert.Equal(zoomed.OffsetX + 60, panned.OffsetX, 6);
        Assert.Equal(zoomed.OffsetY + 35, panned.OffsetY, 6);
        Assert.Equal((ix, iy), Readout());
        Assert.Equal(colours, panned.Colours(Driver, around));
        Assert.Null(Canvas.GetDomAttribute("data-selected"));
        _browser.Screenshot("viewer-panned");

        // The keyboard zooms about the centre; "fit" and 0 give the whole frame back.
        Driver.FindElement(By.Id("zoom-fit")).Click();
        var back = WaitFor(() => { var v = ViewerCanvas.Read(Driver); return v.Scale == fit.Scale ? v : null; }, "fit again");
        Assert.Equal((fit.OffsetX, fit.OffsetY), (back.OffsetX, back.OffsetY));
        new Actions(Driver).SendKeys("+").Perform();
        WaitFor(() => Math.Abs(ViewerCanvas.Read(Driver).Scale - 1.5 * fit.Scale) < 1e-9, "+ zooms in");
        Driver.FindElement(By.Id("zoom-1")).Click();
        WaitFor(() => ViewerCanvas.Read(Driver).Scale == 1, "1:1");
        new Actions(Driver).SendKeys("0").Perform();
        WaitFor(() => ViewerCanvas.Read(Driver).Scale == fit.Scale, "0 fits");
        _browser.NoConsoleErrors();
    }

    [ChromiumFact]
    public void Contrast_limits_gamma_and_lookup_tables_map_the_raw_16_bit_samples()
    {
        Open(0);
        var (raw, h, w) = Raw(0);
        // "auto": the 0.5 and 99.8 percentiles of the frame's samples (the server renderer's limits).
        var sorted = raw.Order().ToArray();
        Driver.FindElement(By.Id("contrast-full")).Click();
        WaitFor(() => Driver.FindElement(By.Id("contrast-max")).GetDomProperty("value") == sorted[^1].ToString(CultureInfo.InvariantCulture), "full range");
        Assert.Equal(sorted[0].ToString(CultureInfo.InvariantCulture), Driver.FindElement(By.Id("contrast-min")).GetDomProperty("value"));
        Driver.FindElement(By.Id("contrast-auto")).Click();
        WaitFor(() => Driver.FindElement(By.Id("contrast-max")).GetDomProperty("value") != sorted[^1].ToString(CultureInfo.InvariantCulture), "auto contrast");
        var hist = new long[65536];
        foreach (var v in raw) hist[v]++;
        long n = raw.Length, loCount = (long)(n * 0.5 / 100), hiCount = (long)Math.Ceiling(n * 99.8 / 100), acc = 0;
        int lo = -1, hi = -1;
        for (var v = 0; v < hist.Length && hi < 0; v++)
        {
            acc += hist[v];
            if (lo < 0 && acc > loCount) lo = v;
            if (acc >= hiCount) hi = v;
        }
        Assert.Equal(lo.ToString(CultureInfo.InvariantCulture), Driver.FindElement(By.Id("contrast-min")).GetDomProperty("value"));
        Assert.Equal(hi.ToString(CultureInfo.InvariantCulture), Driver.FindElement(By.Id("contrast-max")).GetDomProperty("value"));

        // Labels off: the canvas shows the frame alone.
        Driver.FindElement(By.Id("outlines")).Click();
        Type("contrast-min", "150");
        Type("contrast-max", "600");
        Type("gamma", "1");
        WaitDisplay("150,600,1,grey,0,0,", "min 150, max 600, gamma 1");
        var pixels = Grid(w, h, 14);
        pixels.AddRange(Grid(w, h, 14).Select(p => (Math.Min(w - 1, p.Item1 + 3), p.Item2)));
        var view = ViewerCanvas.Read(Driver);
        var levels = pixels.Select(p => Level(raw[p.Y * w + p.X], 150, 600, 1)).ToList();
        Assert.Equal(levels.Select(l => (l, l, l)), view.Colours(Driver, pixels));
        Assert.Contains(0, levels);
        Assert.Contains(255, levels);
        Assert.Contains(levels, l => l is > 20 and < 235);

        Type("gamma", "0.5");
        WaitDisplay("150,600,0.5,grey,", "gamma 0.5");
        var shown = view.Colours(Driver, pixels);
        for (var i = 0; i < pixels.Count; i++)
        {
            var e = Level(raw[pixels[i].Y * w + pixels[i].X], 150, 600, 0.5);
            Assert.True(Math.Abs(shown[i].R - e) <= 1 && shown[i].R == shown[i].G && shown[i].G == shown[i].B, $"pixel {pixels[i]}: expected grey {e}, canvas {shown[i]}");
        }
        _browser.Screenshot("viewer-gamma");

        Type("gamma", "1");
        _browser.Select("lut", "inverted");
        WaitDisplay("150,600,1,inverted,", "inverted lookup table");
        Assert.Equal(levels.Select(l => (255 - l, 255 - l, 255 - l)), view.Colours(Driver, pixels));

        _browser.Select("lut", "viridis");
        WaitDisplay("150,600,1,viridis,", "viridis lookup table");
        (int, int, int)[] anchors = [(0x44, 0x01, 0x54), (0x47, 0x2d, 0x7b), (0x3b, 0x52, 0x8b), (0x2c, 0x72, 0x8e), (0x21, 0x90, 0x8c), (0x27, 0xad, 0x81), (0x5d, 0xc8, 0x63), (0xaa, 0xdc, 0x32), (0xfd, 0xe7, 0x25)];
        (int, int, int) Viridis(int l)
        {
            var pos = l / 255.0 * 8;
            var k = Math.Min(7, (int)pos);
            var f = pos - k;
            int C(int a, int b) => (int)Math.Floor(a * (1 - f) + b * f + 0.5);
            return (C(anchors[k].Item1, anchors[k + 1].Item1), C(anchors[k].Item2, anchors[k + 1].Item2), C(anchors[k].Item3, anchors[k + 1].Item3));
        }
        Assert.Equal(levels.Select(Viridis), view.Colours(Driver, pixels));
        _browser.Screenshot("viewer-viridis");
        _browser.NoConsoleErrors();
    }

    [ChromiumFact]
    public void Fill_opacity_and_outlines_paint_a_cell_in_its_track_colour()
    {
        const int t = 5;
        Open(t);
        var (raw, h, w) = Raw(t);
        var (labels, tracks) = Objects(t, h, w);
        // A tracked cell: its centroid pixel well inside it, and a pixel of its border.
        var cell = fx.ObjectUnderItsCentroid(t);
        var pixelsOfCell = Enumerable.Range(0, h * w).Select(p => (X: p % w, Y: p / w)).Where(p => labels[p.Y * w + p.X] == cell.Label).ToList();
        var inner = pixelsOfCell.Where(p => !Edge(labels, w, h, p.X, p.Y)).MinBy(p => Math.Abs(p.X - cell.X) + Math.Abs(p.Y - cell.Y));
        var o = (cell.Label, inner.X, inner.Y);
        var border = pixelsOfCell.First(p => Edge(labels, w, h, p.X, p.Y));
        var colour = TrackColour(tracks[o.Label]);

        Type("contrast-min", "100");
        Type("contrast-max", "700");
        Type("gamma", "1");
        var fill = Driver.FindElement(By.Id("fill"));
        new Actions(Driver).Click(fill).SendKeys(Keys.Home).Perform();
        WaitDisplay("100,700,1,grey,0,1,", "fill 0, outlines on");
        var view = ViewerCanvas.Read(Driver);
        int Grey((int X, int Y) p) => Level(raw[p.Y * w + p.X], 100, 700, 1);
        var g = Grey((o.X, o.Y));
        Assert.Equal(new[] { (g, g, g), colour }, view.Colours(Driver, [(o.X, o.Y), border]));

        new Actions(Driver).SendKeys(Keys.End).Perform();
        WaitDisplay("100,700,1,grey,1,1,", "fill 1");
        Assert.Equal(new[] { colour, colour }, view.Colours(Driver, [(o.X, o.Y), border]));

        new Actions(Driver).SendKeys(Keys.Home).SendKeys(string.Concat(Enumerable.Repeat(Keys.ArrowRight, 10))).Perform();
        WaitDisplay("100,700,1,grey,0.5,1,", "fill 0.5");
        var half = view.Colours(Driver, [(o.X, o.Y)])[0];
        int Mix(int a, int b) => (int)Math.Floor(a * 0.5 + b * 0.5 + 0.5);
        Assert.InRange(half.R, Mix(g, colour.R) - 1, Mix(g, colour.R) + 1);
        Assert.InRange(half.G, Mix(g, colour.G) - 1, Mix(g, colour.G) + 1);
        Assert.InRange(half.B, Mix(g, colour.B) - 1, Mix(g, colour.B) + 1);
        _browser.Screenshot("viewer-fill-half");

        // Outlines off, fill 0: the border pixel shows the frame again.
        Driver.FindElement(By.Id("outlines")).Click();
        new Actions(Driver).Click(fill).SendKeys(Keys.Home).Perform();
        WaitDisplay("100,700,1,grey,0,0,", "fill 0, outlines off");
        var gb = Grey(border);
        Assert.Equal(new[] { (g, g, g), (gb, gb, gb) }, view.Colours(Driver, [(o.X, o.Y), border]));
        _browser.NoConsoleErrors();
    }

    [ChromiumFact]
    public async Task Ground_truth_outlines_appear_only_once_it_is_imported()
    {
        // Without an import: no ground-truth controls, not one cyan pixel.
        Open(0);
        Assert.False(Driver.FindElement(By.Id("gt-box")).Displayed);
        Assert.Equal(0L, ViewerCanvas.Count(Driver, Cyan));

        // A copy of the results with the generator's CTC ground truth imported by the real CLI.
        var dir = Path.Combine(Path.GetTempPath(), "cellactors-tests", "viewer-gt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, "cellactors.db");
        try
        {
            using (var src = fx.Open())
            using (var dst = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
            {
                dst.Open();
                src.BackupDatabase(dst);
            }
            var import = DashboardFixture.RunCli("import", "ctc-gt", Path.Combine(fx.Synth.DatasetPath, "01_GT"), "--out", dir);
            Assert.True(import.ExitCode == 0, import.ToString());
            await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { Database = new SqliteDashboardDatabase(copy), Http = "127.0.0.1:0", Token = DashboardFixture.Token });

            Open(0, host.Url);
            WaitFor(() => Driver.FindElement(By.Id("gt-box")).Displayed, "ground-truth controls");
            WaitDisplay("", "drawn");
            WaitFor(() => Canvas.GetDomAttribute("data-display")!.Split(',')[6] == "1", "ground truth drawn");
            Assert.Contains("SEG", _browser.Text("gt-source"));

            int h = 256, w = 256;
            var gt = new int[h * w];
            foreach (var r in ResultsDb.Rows(copy, "SELECT label, rle FROM gt_objects WHERE source = 'SEG' AND image_id = $id", ("$id", ImageId(0))))
                Rle.DecodeInto((string)r[1], Convert.ToInt32(r[0], CultureInfo.InvariantCulture), gt, h, w);
            var edges = Enumerable.Range(0, h * w).Where(p => gt[p] != 0 && Edge(gt, w, h, p % w, p / w)).Select(p => (p % w, p / w)).ToList();
            Assert.NotEmpty(edges);
            var view = ViewerCanvas.Read(Driver);
            Assert.All(view.Colours(Driver, edges.Where((_, i) => i % 5 == 0).ToList()), c => Assert.Equal(Cyan, c));
            Assert.True(ViewerCanvas.Count(Driver, Cyan) > 0);
            _browser.Screenshot("viewer-ground-truth");

            Driver.FindElement(By.Id("gt-outlines")).Click();
            WaitFor(() => Canvas.GetDomAttribute("data-display")!.Split(',')[6] == "0", "ground truth hidden");
            Assert.Equal(0L, ViewerCanvas.Count(Driver, Cyan));
            _browser.NoConsoleErrors();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [ChromiumFact]
    public void A_scatter_rectangle_filters_the_cell_table_to_the_objects_inside_it_and_marks_them_in_the_frame()
    {
        Open(0);
        var scatter = Driver.FindElement(By.Id("scatter"));
        ((IJavaScriptExecutor)Driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", scatter);
        const string inSequence = "FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE f.dataset = $d AND f.sequence = '01' AND o.area IS NOT NULL AND o.intensity_mean IS NOT NULL";
        var all = fx.Scalar("SELECT COUNT(*) " + inSequence, ("$d", J));
        WaitFor(() => scatter.GetDomAttribute("data-points") == all.ToString(CultureInfo.InvariantCulture), "scatter of area and intensity_mean");

        // Drag a rectangle over the middle of the plot.
        int w = scatter.Size.Width, h = scatter.Size.Height;
        new Actions(Driver).MoveToElement(scatter, -w / 4, -h / 3).ClickAndHold().MoveByOffset(w / 2, 2 * h / 3).Release().Perform();
        var total = WaitFor(() => Driver.FindElement(By.Id("selection-total")).GetDomAttribute("data-total"), "selection total");
        var rect = JsonDocument.Parse(scatter.GetDomAttribute("data-selection")!).RootElement;
        double x0 = rect.GetProperty("x0").GetDouble(), x1 = rect.GetProperty("x1").GetDouble(), y0 = rect.GetProperty("y0").GetDouble(), y1 = rect.GetProperty("y1").GetDouble();
        Assert.Equal("area", rect.GetProperty("x").GetString());
        Assert.Equal(Math.Floor(x0), x0); // area is whole: the rectangle's bounds are too
        var inside = fx.Rows("SELECT o.image_id, o.label " + inSequence + " AND o.area >= $x0 AND o.area <= $x1 AND o.intensity_mean >= $y0 AND o.intensity_mean <= $y1 ORDER BY o.image_id, o.label",
            ("$d", J), ("$x0", x0), ("$x1", x1), ("$y0", y0), ("$y1", y1)).Select(r => ((string)r[0], Convert.ToInt32(r[1], CultureInfo.InvariantCulture))).ToList();
        Assert.InRange(inside.Count, 1, all - 1);
        Assert.Equal(inside.Count.ToString(CultureInfo.InvariantCulture), total);
        Assert.Equal(inside.Count.ToString(CultureInfo.InvariantCulture), scatter.GetDomAttribute("data-chosen"));
        Assert.Equal(inside.Count.ToString("N0", CultureInfo.InvariantCulture) + " cells selected", _browser.Text("selection-total"));
        var listed = WaitFor(() =>
        {
            var rows = Driver.FindElements(By.CssSelector("#selection-table tbody tr"));
            return rows.Count == Math.Min(25, inside.Count) ? rows.Select(r => (r.GetDomAttribute("data-image-id")!, int.Parse(r.GetDomAttribute("data-label")!, CultureInfo.InvariantCulture))).ToList() : null;
        }, "selected rows");
        Assert.Equal(inside.Take(25), listed);
        _browser.Screenshot("viewer-scatter-selection");

        // In the frame, the selected cells of t = 0 are outlined in white, the others in their track colour.
        var here = inside.Where(c => c.Item1 == ImageId(0)).Select(c => c.Item2).ToHashSet();
        WaitDisplay("", "drawn");
        WaitFor(() => Canvas.GetDomAttribute("data-display")!.Split(',')[7] == here.Count.ToString(CultureInfo.InvariantCulture), "selected cells marked");
        var (labels, tracks) = Objects(0, 256, 256);
        var borders = tracks.Keys.Select(l => (Label: l, P: Enumerable.Range(0, 256 * 256).Select(p => (p % 256, p / 256)).First(p => labels[p.Item2 * 256 + p.Item1] == l && Edge(labels, 256, 256, p.Item1, p.Item2)))).ToList();
        ((IJavaScriptExecutor)Driver).ExecuteScript("window.scrollTo(0, 0);");
        var shown = ViewerCanvas.Read(Driver).Colours(Driver, borders.Select(b => b.P).ToList());
        for (var i = 0; i < borders.Count; i++)
            Assert.Equal(here.Contains(borders[i].Label) ? White : TrackColour(tracks[borders[i].Label]), shown[i]);
        _browser.Screenshot("viewer-scatter-marked");

        // The same filter opens in the cell table.
        Driver.FindElement(By.Id("selection-link")).Click();
        WaitFor(() => Driver.FindElements(By.Id("cells-total")).FirstOrDefault()?.Text == inside.Count.ToString("N0", CultureInfo.InvariantCulture) + " cells", "cell table with the selection's filter");
        _browser.Screenshot("cells-from-scatter");
        _browser.NoConsoleErrors();
    }
}
