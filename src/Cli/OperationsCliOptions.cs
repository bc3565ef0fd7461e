using System.CommandLine;
using CellActors.Hosting;

namespace CellActors.Cli;

/// <summary>
/// The operations options every long-running command shares (<c>run</c>, <c>coordinator</c>, <c>worker</c>):
/// <c>--management HOST:PORT</c> (health probes and Prometheus metrics), <c>--log-format text|json</c>, and a log file
/// rotated by size (<c>--log-file</c>, <c>--log-file-size</c>, <c>--log-files</c>).
/// </summary>
internal sealed class OperationsCliOptions
{
    public Option<string?> Management { get; } = new("--management")
    {
        Description = $"Serve /health/live, /health/ready and /metrics (Prometheus) on HOST:PORT (a bare PORT: 127.0.0.1:PORT; e.g. 0.0.0.0:{ManagementOptions.DefaultPort} in a container). Default: ${ManagementOptions.Variable}, else none",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ManagementOptions.Variable),
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "text (one readable line per entry) or json (one JSON object per line, with node, job and batch)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CELLACTORS_LOG_FORMAT") ?? "text",
    };

    public Option<string?> LogFile { get; } = new("--log-file")
    {
        Description = "Also write the logs to this file, rotated by size (run: instead of OUT/cellactors.log)",
    };

    public Option<string> LogFileSize { get; } = new("--log-file-size")
    {
        Description = "A log file is rotated (FILE -> FILE.1 -> FILE.2 ...) before it grows past this size: bytes, or with KB, MB or GB (1024-based)",
        DefaultValueFactory = _ => "10MB",
    };

    public Option<int> LogFiles { get; } = new("--log-files")
    {
        Description = "Rotated log files kept besides the current one",
        DefaultValueFactory = _ => LogSettings.DefaultFilesKept,
    };

    /// <summary>Adds the options to <paramref name="cmd"/>.</summary>
    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Management);
        cmd.Options.Add(LogFormat);
        cmd.Options.Add(LogFile);
        cmd.Options.Add(LogFileSize);
        cmd.Options.Add(LogFiles);
    }

    /// <summary>The management endpoint, or null; throws <see cref="ArgumentException"/> naming the option when the address is not one.</summary>
    public ManagementOptions? ManagementEndpoint(ParseResult pr)
    {
        if (pr.GetValue(Management) is not { } http || string.IsNullOrWhiteSpace(http)) return null;
        var options = new ManagementOptions(http);
        _ = options.Endpoint();
        return options;
    }

    /// <summary>The log settings; throws <see cref="ArgumentException"/> naming the option when one is out of range.</summary>
    public LogSettings Logs(ParseResult pr)
    {
        var size = LogSizes.Parse(pr.GetValue(LogFileSize), "--log-file-size");
        var kept = pr.GetValue(LogFiles);
        if (kept < 0) throw new ArgumentException($"--log-files cannot be negative (got {kept})");
        var file = pr.GetValue(LogFile);
        return new LogSettings(CellActorsLogging.ParseFormat(pr.GetValue(LogFormat)), string.IsNullOrWhiteSpace(file) ? null : file, size, kept);
    }

    /// <summary><paramref name="o"/> with the management endpoint and log settings of the command line (<c>run</c>).</summary>
    public LocalRunOptions Apply(LocalRunOptions o, ParseResult pr) => o with { Management = ManagementEndpoint(pr), Logs = Logs(pr) };
}
