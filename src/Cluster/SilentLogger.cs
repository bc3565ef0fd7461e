using Akka.Event;

namespace CellActors.Cluster;

/// <summary>Akka's minimal logger for a console command without <c>--verbose</c>: drops everything, so stdout holds the answer only.</summary>
public sealed class SilentLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
    }
}
