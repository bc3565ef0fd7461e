using System.Globalization;
using OpenQA.Selenium;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// The viewer's canvas as a test sees it: its view (scale and offset of the image, in CSS pixels, from the canvas's
/// data attributes) and the colours it shows, read back from the canvas itself.
/// </summary>
public sealed record ViewerCanvas(double Scale, double OffsetX, double OffsetY, int CssWidth, int CssHeight)
{
    private static double Attr(IWebElement e, string name) =>
        double.Parse(e.GetDomAttribute(name) ?? throw new InvalidOperationException($"canvas has no {name} yet"), CultureInfo.InvariantCulture);

    /// <summary>The current view of <c>#frame-canvas</c>.</summary>
    public static ViewerCanvas Read(IWebDriver driver)
    {
        var c = driver.FindElement(By.Id("frame-canvas"));
        var size = (IReadOnlyCollection<object>)((IJavaScriptExecutor)driver).ExecuteScript("const c = document.getElementById('frame-canvas'); return [c.clientWidth, c.clientHeight];")!;
        var wh = size.Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray();
        return new ViewerCanvas(Attr(c, "data-scale"), Attr(c, "data-ox"), Attr(c, "data-oy"), wh[0], wh[1]);
    }

    /// <summary>Where the centre of image pixel (x, y) is on the canvas (CSS pixels from its top left corner).</summary>
    public (double X, double Y) ScreenOf(int x, int y) => (OffsetX + (x + 0.5) * Scale, OffsetY + (y + 0.5) * Scale);

    /// <summary>The colours (r, g, b) the canvas shows at the centres of the given image pixels.</summary>
    public List<(int R, int G, int B)> Colours(IWebDriver driver, IReadOnlyList<(int X, int Y)> pixels)
    {
        var points = pixels.Select(p => ScreenOf(p.X, p.Y)).Select(s => new[] { s.X, s.Y }).ToArray();
        return ColoursAt(driver, points);
    }

    /// <summary>The colours (r, g, b) the canvas shows at CSS positions.</summary>
    public static List<(int R, int G, int B)> ColoursAt(IWebDriver driver, IReadOnlyList<double[]> points)
    {
        const string script = """
            const c = document.getElementById('frame-canvas'), d = c.width / c.clientWidth, g = c.getContext('2d');
            return arguments[0].map(p => { const v = g.getImageData(Math.floor(p[0] * d), Math.floor(p[1] * d), 1, 1).data; return [v[0], v[1], v[2]]; });
            """;
        var result = (IReadOnlyCollection<object>)((IJavaScriptExecutor)driver).ExecuteScript(script, points.Select(p => p.Cast<object>().ToList()).ToList())!;
        return result.Select(o => ((IReadOnlyCollection<object>)o).Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray()).Select(a => (a[0], a[1], a[2])).ToList();
    }

    /// <summary>How many canvas pixels show exactly (r, g, b).</summary>
    public static long Count(IWebDriver driver, (int R, int G, int B) colour)
    {
        const string script = """
            const c = document.getElementById('frame-canvas'), v = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < v.length; i += 4) if (v[i] === arguments[0] && v[i + 1] === arguments[1] && v[i + 2] === arguments[2]) n++;
            return n;
            """;
        return Convert.ToInt64(((IJavaScriptExecutor)driver).ExecuteScript(script, colour.R, colour.G, colour.B), CultureInfo.InvariantCulture);
    }
}
