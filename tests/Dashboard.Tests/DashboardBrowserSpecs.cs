using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>A fact that needs Debian's chromium and chromedriver; skipped with the reason when they are absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
            Skip = $"headless browser tests need {Chromium} and {Driver} (Debian packages chromium and chromium-driver; scripts/install-prereqs.sh installs them)";
    }
}

/// <summary>
/// End to end in a real headless Chromium (Selenium WebDriver): each page loads, frames step with the keyboard, a
/// clicked cell shows its row and track, the table filters and sorts, a lineage opens. Screenshots are saved under
/// the test output's <c>screenshots/</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserSpecs(DashboardFixture fx) : IDisposable
{
    private const string J = DashboardFixture.Job;
    private readonly ChromiumSession _browser = new(fx.ScreenshotDir);

    private ChromeDriver Driver => _browser.Driver;

    public void Dispose() => _browser.Dispose();

    private string Url(string page) => new Uri(fx.Host.Url, page).ToString();

    private T WaitFor<T>(Func<T?> condition, string what) => _browser.WaitFor(condition, what);

    private void Select(string id, string value) => _browser.Select(id, value);

    private string Text(string id) => _browser.Text(id);

    private void Screenshot(string name) => _browser.Screenshot(name);

    private void NoConsoleErrors() => _browser.NoConsoleErrors();

    [ChromiumFact]
    public void Jobs_page_shows_the_job_progress_runs_and_throughput()
    {
        Driver.Navigate().GoToUrl(Url("/"));
        WaitFor(() => Driver.FindElements(By.CssSelector("#jobs-table tbody tr[data-job]")).Count == 1, "jobs table row");
        WaitFor(() => Text("job-status").Contains("completed", StringComparison.Ordinal), "job status");
        Assert.Contains("12 / 12", Text("job-frames"));
        Assert.Contains(fx.Scalar("SELECT COUNT(*) FROM objects").ToString("N0", CultureInfo.InvariantCulture), Text("job-objects"));
        Assert.Equal("100%", Driver.ExecuteScript("return document.getElementById('job-progress').style.width;"));
        WaitFor(() => Driver.FindElements(By.CssSelector("#chart-throughput canvas")).Count > 0, "throughput chart");
        Assert.Single(Driver.FindElements(By.CssSelector("#runs-table tbody tr")));
        Assert.Contains("not live", Text("live-state"));
        Driver.FindElement(By.Id("token")).SendKeys(DashboardFixture.Token);
        Driver.FindElement(By.Id("btn-pause")).Click();
        WaitFor(() => Text("control-result").Contains("409", StringComparison.Ordinal), "job control answer");
        Screenshot("jobs");
        NoConsoleErrors();
    }

    [ChromiumFact]
    public void Charts_page_draws_the_time_series_and_a_histogram_of_the_chosen_measure()
    {
        Driver.Navigate().GoToUrl(Url($"/sequence.html?job={J}"));
        foreach (var id in new[] { "chart-count", "chart-area", "chart-ratio", "chart-hist" })
            WaitFor(() => Driver.FindElements(By.CssSelector($"#{id} canvas")).Count > 0, id);
        Assert.Contains("Cell count", Driver.FindElement(By.CssSelector("#chart-count .u-title")).Text);
        WaitFor(() => Text("hist-summary").StartsWith(fx.Scalar("SELECT COUNT(*) FROM objects").ToString("N0", CultureInfo.InvariantCulture) + " objects, area", StringComparison.Ordinal), "area histogram");
        Select("measure", "eccentricity");
        WaitFor(() => Driver.FindElement(By.CssSelector("#chart-hist .u-title")).Text.Contains("eccentricity", StringComparison.Ordinal), "eccentricity histogram");
        Screenshot("charts");
        NoConsoleErrors();
    }

    [ChromiumFact]
    public void Frame_viewer_steps_with_the_keyboard_and_a_click_shows_the_cell_and_its_track()
    {
        Driver.Navigate().GoToUrl(Url($"/viewer.html?job={J}"));
        IWebElement Canvas() => Driver.FindElement(By.Id("frame-canvas"));
        bool Loaded(string imageId) => Canvas().GetDomAttribute("data-loaded") == imageId;
        WaitFor(() => Loaded($"{J}/01/t0000"), "frame t=0");
        Assert.StartsWith("t = 0", Text("frame-label"));
        for (var i = 0; i < 3; i++) new Actions(Driver).SendKeys(Keys.ArrowRight).Perform();
        WaitFor(() => Loaded($"{J}/01/t0003") && Text("frame-label").StartsWith("t = 3", StringComparison.Ordinal), "frame t=3 after three right arrows");
        new Actions(Driver).SendKeys(Keys.ArrowLeft).Perform();
        WaitFor(() => Loaded($"{J}/01/t0002") && Text("frame-label").StartsWith("t = 2", StringComparison.Ordinal), "frame t=2 after a left arrow");
        WaitFor(() => Text("frame-info").Contains($"{J}/01/t0002", StringComparison.Ordinal), "frame row");
        new Actions(Driver).SendKeys(Keys.End).Perform();
        WaitFor(() => Loaded($"{J}/01/t0011"), "last frame after End");
        new Actions(Driver).SendKeys(Keys.Home).Perform();
        WaitFor(() => Loaded($"{J}/01/t0000"), "first frame after Home");
        for (var i = 0; i < 5; i++) new Actions(Driver).SendKeys(Keys.ArrowRight).Perform();
        WaitFor(() => Loaded($"{J}/01/t0005"), "frame t=5");

        var o = fx.ObjectUnderItsCentroid(5);
        var view = ViewerCanvas.Read(Driver);
        var (sx, sy) = view.ScreenOf(o.X, o.Y);
        new Actions(Driver).MoveToElement(Canvas(), 0, 0).MoveByOffset((int)Math.Round(sx - view.CssWidth / 2.0), (int)Math.Round(sy - view.CssHeight / 2.0)).Click().Perform();
        WaitFor(() => Driver.FindElements(By.Id("cell-track-link")).Count == 1, "clicked cell with its track");
        var cell = Text("cell-table");
        Assert.Contains("label " + o.Label.ToString(CultureInfo.InvariantCulture), cell);
        Assert.Contains(o.ImageId, cell);
        Assert.Equal("#" + o.TrackId, Driver.FindElement(By.Id("cell-track-link")).Text);
        WaitFor(() => Canvas().GetDomAttribute("data-selected") == o.ImageId + "#" + o.Label.ToString(CultureInfo.InvariantCulture), "selected cell");
        Screenshot("viewer");
        NoConsoleErrors();
    }

    [ChromiumFact]
    public void Cell_table_filters_sorts_pages_and_offers_the_csv_of_the_filter()
    {
        Driver.Navigate().GoToUrl(Url($"/cells.html?job={J}"));
        var all = fx.Scalar("SELECT COUNT(*) FROM objects");
        WaitFor(() => Text("cells-total") == all.ToString("N0", CultureInfo.InvariantCulture) + " cells", "all cells");
        Select("filter-column", "area");
        Select("filter-op", "gt");
        Driver.FindElement(By.Id("filter-value")).SendKeys("300");
        Driver.FindElement(By.Id("filter-add")).Click();
        var expected = fx.Scalar("SELECT COUNT(*) FROM objects WHERE area > 300");
        WaitFor(() => Text("cells-total") == expected.ToString("N0", CultureInfo.InvariantCulture) + " cells", "filtered total");

        Driver.FindElement(By.CssSelector("#cells-table th[data-column='area']")).Click();
        WaitFor(() => Driver.FindElements(By.CssSelector("#cells-table th.sorted-asc[data-column='area']")).Count == 1, "sorted by area");
        var areaCol = Driver.FindElements(By.CssSelector("#cells-table thead th")).Select(th => th.Text).ToList().IndexOf("area");
        List<long> Areas() => Driver.FindElements(By.CssSelector("#cells-table tbody tr")).Select(tr => long.Parse(tr.FindElements(By.TagName("td"))[areaCol].Text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToList();
        var first = WaitFor(() => { var a = Areas(); return a.Count > 0 && a.SequenceEqual(a.Order()) ? a : null; }, "ascending areas");
        Assert.All(first, a => Assert.True(a > 300));
        Assert.Equal(fx.Scalar("SELECT MIN(area) FROM objects WHERE area > 300"), first[0]);
        Assert.Contains("filter=area%3Agt%3A300", Driver.FindElement(By.Id("csv-link")).GetDomAttribute("href"));
        Screenshot("cells");

        if (expected > 50)
        {
            Driver.FindElement(By.Id("page-next")).Click();
            WaitFor(() => Text("page-label").StartsWith("page 2", StringComparison.Ordinal), "page 2");
            var second = WaitFor(() => { var a = Areas(); return a.Count > 0 && a[0] >= first[^1] ? a : null; }, "second page rows");
            Assert.True(second[0] >= first[^1]);
        }
        NoConsoleErrors();
    }

    [ChromiumFact]
    public void Lineage_page_shows_a_tracks_ancestors_descendants_and_tree()
    {
        var row = fx.Rows("SELECT t.track_id, t.parent_track_id FROM tracks t WHERE t.parent_track_id IS NOT NULL ORDER BY t.track_id LIMIT 1").Single();
        long child = Convert.ToInt64(row[0], CultureInfo.InvariantCulture), mother = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
        Driver.Navigate().GoToUrl(Url($"/lineage.html?job={J}"));
        WaitFor(() => Driver.FindElements(By.CssSelector("#tracks-table tbody tr[data-track]")).Count > 0, "track list");
        Driver.FindElement(By.Id("track-id")).SendKeys(child.ToString(CultureInfo.InvariantCulture));
        Driver.FindElement(By.Id("track-go")).Click();
        WaitFor(() => Text("track-title").Contains("#" + child, StringComparison.Ordinal), "track title");
        Assert.Contains("#" + mother, Driver.FindElement(By.Id("ancestors")).Text);
        var sisters = fx.Scalar("SELECT COUNT(*) FROM tracks WHERE parent_track_id = $m", ("$m", mother));
        WaitFor(() => Driver.FindElements(By.CssSelector("#lineage-svg g.track")).Count >= 2, "lineage tree");
        WaitFor(() => Driver.FindElements(By.CssSelector("#chart-track canvas")).Count > 0, "track area chart");
        Screenshot("lineage-daughter");

        // Open the mother by clicking her bar in the tree: her daughters are her descendants.
        new Actions(Driver).MoveToElement(Driver.FindElement(By.CssSelector($"#lineage-svg g.track[data-track='{mother}'] text"))).Click().Perform();
        WaitFor(() => Text("track-title").Contains("#" + mother + " ", StringComparison.Ordinal), "mother track");
        var desc = WaitFor(() => { var t = Driver.FindElement(By.Id("descendants")).Text; return t.Contains("#" + child, StringComparison.Ordinal) ? t : null; }, "descendants");
        Assert.Equal(sisters, Driver.FindElements(By.CssSelector("#descendants tbody tr")).Count(tr => tr.FindElements(By.TagName("td")).ElementAtOrDefault(1)?.Text == "1"));
        Screenshot("lineage-mother");
        NoConsoleErrors();
    }

    [ChromiumFact]
    public void Errors_page_lists_the_quarantined_input()
    {
        Driver.Navigate().GoToUrl(Url($"/errors.html?job={J}"));
        WaitFor(() => Driver.FindElement(By.Id("errors-table")).Text.Contains("t999.tif", StringComparison.Ordinal), "error row");
        Assert.Contains("not_an_image", Driver.FindElement(By.Id("errors-table")).Text);
        Screenshot("errors");
        NoConsoleErrors();
    }
}
