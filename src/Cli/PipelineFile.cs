using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CellActors.Cli;

/// <summary>
/// A pipeline file as read: every key it sets (<see cref="PipelineKeys"/>), with its canonical value and its line.
/// Reading checks the YAML, the keys and each value's type and range; what depends on the segmenter (a preset, a
/// model's output kind) is checked when the configuration is resolved (<see cref="PipelineConfig.Resolve"/>), and
/// reported with the same file and line. No I/O beyond reading the file.
/// </summary>
public sealed class PipelineFile
{
    private readonly Dictionary<string, PipelineEntry> _entries;

    private PipelineFile(string path, Dictionary<string, PipelineEntry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The file as the user named it (used in messages).</summary>
    public string Path { get; }

    /// <summary>The keys set, in the file's order.</summary>
    public IEnumerable<PipelineEntry> Entries => _entries.Values.OrderBy(e => e.Line);

    /// <summary>The entry of <paramref name="key"/>, or null when the file does not set it.</summary>
    public PipelineEntry? this[string key] => _entries.GetValueOrDefault(key);

    /// <summary>A problem with <paramref name="entry"/>, as the exception to throw.</summary>
    public PipelineFileException Problem(PipelineEntry entry, string problem) => new(Path, entry.Line, entry.Key, problem);

    /// <summary>Reads and checks the file at <paramref name="path"/>; throws <see cref="PipelineFileException"/>.</summary>
    public static PipelineFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineFileException(path, 0, null, $"cannot read the pipeline file: {e.Message}");
        }
        return Parse(path, text);
    }

    /// <summary>Checks <paramref name="text"/> as the content of <paramref name="path"/>; throws <see cref="PipelineFileException"/>.</summary>
    public static PipelineFile Parse(string path, string text)
    {
        var stream = new YamlStream();
        var last = 1L;
        try
        {
            // A first pass keeps the position reached: YamlDotNet's scanner fails on some malformed input without one.
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext()) last = parser.Current!.End.Line;
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PipelineFileException(path, (int)e.Start.Line, null, $"not valid YAML: {Reason(e)}");
        }
        catch (InvalidOperationException)
        {
            throw new PipelineFileException(path, (int)last, null, "not valid YAML: a value, list or mapping is not closed");
        }
        var entries = new Dictionary<string, PipelineEntry>(StringComparer.Ordinal);
        if (stream.Documents.Count > 1)
            throw new PipelineFileException(path, (int)stream.Documents[1].RootNode.Start.Line, null, "holds several YAML documents; a pipeline file is one");
        if (stream.Documents.Count == 1)
        {
            var root = stream.Documents[0].RootNode;
            if (root is YamlScalarNode { Value: null or "" }) return new PipelineFile(path, entries);
            if (root is not YamlMappingNode map)
                throw new PipelineFileException(path, (int)root.Start.Line, null, $"is not a mapping of sections ({string.Join(", ", PipelineKeys.Under(""))})");
            Walk(path, map, "", entries);
        }
        return new PipelineFile(path, entries);
    }

    private static void Walk(string path, YamlMappingNode map, string prefix, Dictionary<string, PipelineEntry> entries)
    {
        foreach (var (k, v) in map.Children)
        {
            var line = (int)k.Start.Line;
            if (k is not YamlScalarNode { Value: { } name })
                throw new PipelineFileException(path, line, prefix.Length == 0 ? null : prefix, "a key must be a plain name");
            var key = prefix.Length == 0 ? name : prefix + "." + name;
            var known = PipelineKeys.Find(key);
            if (known is null && !PipelineKeys.IsSection(key))
            {
                var here = string.Join(", ", PipelineKeys.Under(prefix));
                throw new PipelineFileException(path, line, key, $"unknown key (known {(prefix.Length == 0 ? "sections" : "in " + prefix)}: {here})");
            }
            switch (v)
            {
                case YamlMappingNode inner when known is null:
                    Walk(path, inner, key, entries);
                    break;
                case YamlScalarNode { Value: null or "" } when known is null:
                    break;   // an empty section
                case YamlMappingNode or YamlSequenceNode when known is not null:
                    throw new PipelineFileException(path, line, key, $"expects one value ({known.Accepted}), not a {(v is YamlMappingNode ? "mapping" : "list")}");
                case YamlScalarNode scalar when known is not null:
                    entries[key] = Read(path, line, key, known, scalar);
                    break;
                default:
                    throw new PipelineFileException(path, line, key, $"is a section: expects its keys ({string.Join(", ", PipelineKeys.Under(key))}) below it, indented");
            }
        }
    }

    private static PipelineEntry Read(string path, int line, string key, PipelineKey known, YamlScalarNode scalar)
    {
        var raw = scalar.Value ?? "";
        var isNull = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && raw is "" or "~" or "null" or "Null" or "NULL";
        if (isNull)
        {
            if (known.Nullable) return new PipelineEntry(key, null, line);
            throw new PipelineFileException(path, line, key, $"needs a value ({known.Accepted})");
        }
        if (known.Type is null)
        {
            if (raw.Trim().Length == 0) throw new PipelineFileException(path, line, key, $"needs a value ({known.Accepted})");
            return new PipelineEntry(key, raw.Trim(), line);
        }
        try
        {
            return new PipelineEntry(key, known.Type.Parse(raw), line);
        }
        catch (ArgumentException e)
        {
            throw new PipelineFileException(path, line, key, e.Message);
        }
    }

    /// <summary>The parser's message without its position prefix (the line is reported separately).</summary>
    private static string Reason(YamlException e)
    {
        var m = e.Message;
        var i = m.LastIndexOf("): ", StringComparison.Ordinal);
        var reason = i >= 0 && m.StartsWith("(Line", StringComparison.Ordinal) ? m[(i + 3)..] : m;
        return e.InnerException is YamlException inner && inner.Message != m ? $"{reason} ({Reason(inner)})" : reason;
    }
}
