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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ChromeDriver? _driver;

    private ChromeDriver Driver => _driver ??= StartDriver();

    private static ChromeDriver StartDriver()
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromiumFactAttribute.Driver)!, Path.GetFileName(ChromiumFactAttribute.Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, Patience);
    }

    public void Dispose()
    {
        _driver?.Quit();
        _driver?.Dispose();
    }

    private string Url(string page) => new Uri(fx.Host.Url, page).ToString();

    /// <summary>Polls until <paramref name="condition"/> holds (a wait, not a timing assertion: only a hung page fails it).</summary>
    private T WaitFor<T>(Func<T?> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var v = condition();
                if (v is not null && !(v is bool b && !b)) return v;
            }
            catch (WebDriverException ex) { last = ex; }
            catch (InvalidOperationException ex) { last = ex; }
            Thread.Sleep(100);
        }
        var error = Driver.FindElements(By.Id("error")).FirstOrDefault()?.Text;
        Screenshot("failed-" + what.Replace(' ', '-'));
        throw new Xunit.Sdk.XunitException($"page never showed: {what} (page error: '{error}'; last exception: {last?.Message})");
    }

    /// <summary>Chooses an option of a select as a user does (value, then a change event).</summary>
    private void Select(string id, string value)
    {
        var sel = Driver.FindElement(By.Id(id));
        sel.Click();
        sel.FindElement(By.CssSelector($"option[value='{value}']")).Click();
        Assert.Equal(value, sel.GetDomProperty("value"));
    }

    private string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    private void Screenshot(string name) =>
        Driver.GetScreenshot().SaveAsFile(Path.Combine(fx.ScreenshotDir, name + ".png"));

    private void NoConsoleErrors()
    {
        var logs = Driver.Manage().Logs.GetLog(LogType.Browser).Where(l => l.Level == LogLevel.Severe && !l.Message.Contains("/control/", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        Assert.True(logs.Count == 0, "browser console errors: " + string.Join("\n", logs));
    }

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
        IWebElement Img() => Driver.FindElement(By.Id("frame-img"));
        bool Loaded(string imageId) => Img().GetDomAttribute("data-image-id") == imageId
            && Convert.ToInt64(Driver.ExecuteScript("const i = document.getElementById('frame-img'); return i.complete ? i.naturalWidth : 0;"), CultureInfo.InvariantCulture) == 256;
        WaitFor(() => Loaded($"{J}/01/t0000"), "frame t=0");
        Assert.StartsWith("t = 0", Text("frame-label"));
        var body = Driver.FindElement(By.TagName("body"));
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
        var img = Img();
        var scale = img.Size.Width / 256.0;
        // Selenium offsets are from the element's centre; aim at the middle of the centroid's pixel.
        var dx = (int)Math.Round((o.X + 0.5) * scale - img.Size.Width / 2.0);
        var dy = (int)Math.Round((o.Y + 0.5) * scale - img.Size.Height / 2.0);
        new Actions(Driver).MoveToElement(img, dx, dy).Click().Perform();
        WaitFor(() => Driver.FindElements(By.Id("cell-track-link")).Count == 1, "clicked cell with its track");
        var cell = Text("cell-table");
        Assert.Contains("label " + o.Label.ToString(CultureInfo.InvariantCulture), cell);
        Assert.Contains(o.ImageId, cell);
        Assert.Equal("#" + o.TrackId, Driver.FindElement(By.Id("cell-track-link")).Text);
        WaitFor(() => Img().GetDomAttribute("src")!.Contains("selected=" + o.Label.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) && Loaded(o.ImageId), "selected outline");
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
