using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CellActors.Hosting;

/// <summary>The console's <c>--log-format json</c>: each entry as one line of JSON (<see cref="JsonLogLine"/>).</summary>
public sealed class JsonLineConsoleFormatter(IOptionsMonitor<JsonLineConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name (<c>ConsoleLoggerOptions.FormatterName</c>).</summary>
    public const string FormatterName = "cellactors-json";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? logEntry.State?.ToString() ?? "";
        textWriter.WriteLine(JsonLogLine.Format(DateTimeOffset.UtcNow, logEntry.LogLevel, logEntry.Category, options.CurrentValue.Node.Name, message, logEntry.State, logEntry.Exception));
    }
}
