using Microsoft.Extensions.Logging.Console;

namespace CellActors.Hosting;

/// <summary>Options of <see cref="JsonLineConsoleFormatter"/>: the node name its lines carry.</summary>
public sealed class JsonLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The node name (<c>node</c>); set by the host.</summary>
    public LogNode Node { get; set; } = new(Environment.MachineName);
}
