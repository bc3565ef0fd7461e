using Akka.Event;

namespace CellActors.Cluster;

/// <summary>
/// Akka's minimal logger (<c>akka.stdout-logger-class</c>: what Akka prints before its loggers start and after they
/// stop, e.g. <c>Remoting shut down</c>) for a console command run with <c>--verbose</c>: to stderr, never into the
/// command's answer on stdout.
/// </summary>
public sealed class StandardErrorLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Console.Error.WriteLine(message is LogEvent e ? e.ToString() : message.ToString());
    }
}
