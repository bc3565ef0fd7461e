using System.Globalization;
using System.Net.Http;

namespace CellActors.TestSupport;

/// <summary>Reads a node's management endpoint (<c>--management</c>) as a probe or Prometheus would.</summary>
public sealed class ManagementProbe(int port) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The port it reads.</summary>
    public int Port { get; } = port;

    /// <summary>The HTTP status of <paramref name="path"/>, or null when nothing answers (not listening yet, or gone).</summary>
    public int? Status(string path)
    {
        try
        {
            using var r = _http.GetAsync(path).GetAwaiter().GetResult();
            return (int)r.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The <c>/metrics</c> text, or null when nothing answers.</summary>
    public string? Metrics()
    {
        try
        {
            return _http.GetStringAsync("metrics").GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The sum of the samples of <paramref name="metric"/> (its exact Prometheus name) in <paramref name="text"/> whose
    /// labels contain <paramref name="label"/> (e.g. <c>job="synth"</c>; null: any); null when there is no such sample.
    /// </summary>
    public static double? Sample(string text, string metric, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#')) continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            if (space < 0) continue;
            var name = brace >= 0 && brace < space ? line[..brace] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
            if (name != metric) continue;
            if (label is not null && !line.Contains(label, StringComparison.Ordinal)) continue;
            sum = (sum ?? 0) + double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
