using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// Writes log lines to one file, as text (UTC timestamp, level, category, message) or as JSON lines
/// (<see cref="JsonLogLine"/>), rotated by size: before a line would take the file past
/// <see cref="LogSettings.MaxFileBytes"/>, <c>FILE</c> becomes <c>FILE.1</c> (<c>FILE.1</c> becomes <c>FILE.2</c>…),
/// at most <see cref="LogSettings.FilesKept"/> rotated files are kept, and a new <c>FILE</c> is started.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly string _path;
    private readonly LogSettings _settings;
    private readonly LogNode _node;
    private readonly Lock _gate = new();
    private readonly LogLevel _min;
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new();
    private StreamWriter _writer;
    private long _length;

    /// <summary>Opens (appending) <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="min">Lowest level written.</param>
    /// <param name="settings">Format and rotation (its <see cref="LogSettings.File"/> is not used: <paramref name="path"/> is).</param>
    /// <param name="node">The node name JSON lines carry.</param>
    public FileLoggerProvider(string path, LogLevel min = LogLevel.Information, LogSettings? settings = null, LogNode? node = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _min = min;
        _settings = settings ?? LogSettings.Default;
        if (_settings.MaxFileBytes < 1024) throw new ArgumentException($"a log file's size limit must be at least 1 KiB (got {_settings.MaxFileBytes} bytes)");
        if (_settings.FilesKept < 0) throw new ArgumentException($"the number of rotated log files kept cannot be negative (got {_settings.FilesKept})");
        _node = node ?? new LogNode(Environment.MachineName);
        _writer = Open(out _length);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, c => new FileLogger(this, c));

    private StreamWriter Open(out long length)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        length = stream.Length;
        return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    private void Write<TState>(LogLevel level, string category, TState state, string message, Exception? e)
    {
        var now = DateTimeOffset.UtcNow;
        var text = _settings.Format == LogFormat.Json
            ? JsonLogLine.Format(now, level, category, _node.Name, message, state, e)
            : string.Create(CultureInfo.InvariantCulture, $"{now:O} {level,-11} {category}: {message}") + (e is null ? "" : Environment.NewLine + e);
        var bytes = Encoding.UTF8.GetByteCount(text) + Environment.NewLine.Length;
        lock (_gate)
        {
            if (_length > 0 && _length + bytes > _settings.MaxFileBytes) Rotate();
            _writer.WriteLine(text);
            _length += bytes;
        }
    }

    /// <summary>Shifts <c>FILE.N</c> to <c>FILE.N+1</c> (dropping the oldest), <c>FILE</c> to <c>FILE.1</c>, and starts a new file.</summary>
    private void Rotate()
    {
        _writer.Dispose();
        if (_settings.FilesKept == 0)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete(Rotated(_settings.FilesKept));
            for (var i = _settings.FilesKept - 1; i >= 1; i--)
                if (File.Exists(Rotated(i))) File.Move(Rotated(i), Rotated(i + 1), overwrite: true);
            File.Move(_path, Rotated(1), overwrite: true);
        }
        _writer = Open(out _length);
    }

    private string Rotated(int i) => _path + "." + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._min && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(logLevel, category, state, formatter(state, exception), exception);
        }
    }
}
