using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// How every long-running process logs (<see cref="LogSettings"/>): to the console as single text lines or JSON lines,
/// and optionally to a file rotated by size (<see cref="FileLoggerProvider"/>) in the same format.
/// </summary>
public static class CellActorsLogging
{
    /// <summary>Console logs (stdout) in <paramref name="settings"/>' format, and its file if it names one.</summary>
    public static ILoggingBuilder AddCellActorsLogs(this ILoggingBuilder logging, LogSettings settings, LogNode node, LogLevel min = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(node);
        if (settings.Format == LogFormat.Json)
        {
            logging.AddConsole(o => o.FormatterName = JsonLineConsoleFormatter.FormatterName)
                .AddConsoleFormatter<JsonLineConsoleFormatter, JsonLineConsoleFormatterOptions>(o => o.Node = node);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        if (settings.File is { } file) logging.AddProvider(new FileLoggerProvider(file, min, settings, node));
        return logging.SetMinimumLevel(min);
    }

    /// <summary>Parses <c>--log-format</c>: <c>text</c> or <c>json</c>.</summary>
    public static LogFormat ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new ArgumentException($"--log-format takes text or json (got '{value}')"),
    };
}
