namespace CellActors.Hosting;

/// <summary>How log lines are written (<c>--log-format</c>).</summary>
public enum LogFormat
{
    /// <summary>One readable line: time, level, category, message (the default).</summary>
    Text,

    /// <summary>One JSON object per line (<see cref="JsonLogLine"/>): time, level, category, node, job, batch, message, properties.</summary>
    Json,
}
