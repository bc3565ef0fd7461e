using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// One headless Debian Chromium driven through chromedriver (Selenium), started on first use: waits that poll the page
/// (never timing assertions: only a hung page fails them), screenshots, and the browser console's errors.
/// </summary>
public sealed class ChromiumSession(string screenshotDir) : IDisposable
{
    /// <summary>How long a wait polls before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ChromeDriver? _driver;

    /// <summary>The browser (started on first use).</summary>
    public ChromeDriver Driver => _driver ??= Start();

    private static ChromeDriver Start()
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

    /// <summary>Polls until <paramref name="condition"/> holds (non-null, not false); fails with the page's error and a screenshot.</summary>
    public T WaitFor<T>(Func<T?> condition, string what)
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
            catch (FormatException ex) { last = ex; }
            Thread.Sleep(100);
        }
        var error = Driver.FindElements(By.Id("error")).FirstOrDefault()?.Text;
        Screenshot("failed-" + what.Replace(' ', '-'));
        throw new Xunit.Sdk.XunitException($"page never showed: {what} (page error: '{error}'; last exception: {last?.Message})");
    }

    /// <summary>Chooses an option of a select as a user does (value, then a change event).</summary>
    public void Select(string id, string value)
    {
        var sel = Driver.FindElement(By.Id(id));
        sel.Click();
        sel.FindElement(By.CssSelector($"option[value='{value}']")).Click();
        Assert.Equal(value, sel.GetDomProperty("value"));
    }

    /// <summary>The visible text of the element with that id.</summary>
    public string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    /// <summary>Saves a screenshot of the window as <c>NAME.png</c> under the screenshot folder; returns its path.</summary>
    public string Screenshot(string name)
    {
        var path = Path.Combine(screenshotDir, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Fails when the browser console logged an error (job control's deliberate 409 aside).</summary>
    public void NoConsoleErrors()
    {
        var logs = Driver.Manage().Logs.GetLog(LogType.Browser).Where(l => l.Level == LogLevel.Severe && !l.Message.Contains("/control/", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        Assert.True(logs.Count == 0, "browser console errors: " + string.Join("\n", logs));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _driver?.Quit();
        _driver?.Dispose();
    }
}
