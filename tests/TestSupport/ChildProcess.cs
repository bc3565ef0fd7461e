using System.Diagnostics;
using System.Text;

namespace CellActors.TestSupport;

/// <summary>
/// A real OS process a test started: its output is captured, it is killed (SIGKILL, whole tree) when disposed, and a
/// small watchdog kills it too if the test process itself dies first, so no server outlives its test run.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Process? _watchdog;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ChildProcess(string name, Process process, Process? watchdog)
    {
        Name = name;
        _process = process;
        _watchdog = watchdog;
        Pid = process.Id;
    }

    /// <summary>What the test calls it (for messages).</summary>
    public string Name { get; }

    /// <summary>OS process id.</summary>
    public int Pid { get; }

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>Exit code (after exit).</summary>
    public int ExitCode => _exitCode ??= _process.ExitCode;

    private int? _exitCode;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>.</summary>
    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(name, p, StartWatchdog(p.Id));
        p.OutputDataReceived += (_, e) => child.Append(e.Data);
        p.ErrorDataReceived += (_, e) => child.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return child;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Kills the test's child when the test process is gone; exits by itself when the child ends first.</summary>
    private static Process? StartWatchdog(int child)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; kill -0 \"$1\" 2>/dev/null || kill -9 \"$2\" 2>/dev/null; exit 0");
        psi.ArgumentList.Add("watchdog");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(child.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(psi);
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drain the output
        return true;
    }

    /// <summary>Freezes the process (SIGSTOP): it stays alive but answers nothing, like a hung machine. <see cref="Kill9"/> ends it.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>, <c>TERM</c>) with <c>kill</c>.</summary>
    public void Signal(string name)
    {
        if (_disposed || _process.HasExited) return;
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false };
        psi.ArgumentList.Add("-" + name);
        psi.ArgumentList.Add(Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi) ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{name} {Pid} failed ({kill.ExitCode})");
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill9()
    {
        if (_disposed) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.WaitForExit(10_000);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        Kill9();
        if (_process.HasExited) _exitCode ??= _process.ExitCode;
        _disposed = true;
        _process.Dispose();
        if (_watchdog is not null)
        {
            try
            {
                if (!_watchdog.HasExited) _watchdog.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            _watchdog.Dispose();
        }
    }
}
