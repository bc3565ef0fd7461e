using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// One log entry as one line of JSON: <c>time</c> (UTC, ISO 8601), <c>level</c>, <c>category</c>, <c>node</c>,
/// <c>job</c> and <c>batch</c> when the message names them (structured properties <c>JobId</c>/<c>Job</c>,
/// <c>BatchId</c>/<c>Batch</c>, also from Akka's log templates), <c>message</c>, the other structured
/// <c>properties</c>, and <c>exception</c> (its full text) when there is one.
/// </summary>
public static partial class JsonLogLine
{
    private static readonly HashSet<string> JobKeys = new(["JobId", "Job", "jobId", "job"], StringComparer.Ordinal);
    private static readonly HashSet<string> BatchKeys = new(["BatchId", "Batch", "batchId", "batch"], StringComparer.Ordinal);
    private static readonly HashSet<string> Skipped = new(["{OriginalFormat}", "Timestamp", "Thread", "Message"], StringComparer.Ordinal);

    /// <summary>The JSON line (without the line break) of one entry.</summary>
    public static string Format(DateTimeOffset time, LogLevel level, string category, string node, string message, object? state, Exception? exception)
    {
        var properties = state as IEnumerable<KeyValuePair<string, object?>> ?? (state as IEnumerable<KeyValuePair<string, object>>)?.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));
        var list = properties?.ToList() ?? [];
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("level", level.ToString());
            w.WriteString("category", category);
            w.WriteString("node", node);
            if (list.FirstOrDefault(p => JobKeys.Contains(p.Key)) is { Key: not null } job) w.WriteString("job", Text(job.Value));
            if (list.FirstOrDefault(p => BatchKeys.Contains(p.Key)) is { Key: not null } batch) WriteValue(w, "batch", batch.Value);
            w.WriteString("message", AkkaPrefix().Replace(message, "", 1));
            var rest = list.Where(p => !Skipped.Contains(p.Key) && !JobKeys.Contains(p.Key) && !BatchKeys.Contains(p.Key)).ToList();
            if (rest.Count > 0)
            {
                w.WriteStartObject("properties");
                foreach (var p in rest.DistinctBy(p => p.Key, StringComparer.Ordinal)) WriteValue(w, p.Key, p.Value);
                w.WriteEndObject();
            }
            if (exception is not null) w.WriteString("exception", exception.ToString());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null: w.WriteNull(name); break;
            case bool b: w.WriteBoolean(name, b); break;
            case int or long or short or byte or uint or ulong or ushort or sbyte: w.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case double d when double.IsFinite(d): w.WriteNumber(name, d); break;
            case float f when float.IsFinite(f): w.WriteNumber(name, f); break;
            case decimal m: w.WriteNumber(name, m); break;
            default: w.WriteString(name, Text(value)); break;
        }
    }

    /// <summary>Akka's own prefix of a formatted message (<c>[INFO][time][Thread 0007][akka://path] </c>): the fields carry it already.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\[[A-Z]+\]\[[^\]]*\]\[Thread \d+\]\[[^\]]*\] ")]
    private static partial System.Text.RegularExpressions.Regex AkkaPrefix();

    private static string Text(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
