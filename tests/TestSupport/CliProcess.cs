using System.Diagnostics;
using System.Text;

namespace CellActors.TestSupport;

/// <summary>Runs the real <c>cellactors</c> executable (built beside the tests) as a separate OS process.</summary>
public static class CliProcess
{
    /// <summary>The executable, copied beside the test assembly (the test project references src/Cli).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "cellactors.dll");

    /// <summary>How a run ended and what it printed.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    /// <summary>Starts the executable.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts the executable with extra environment variables (e.g. <c>CELLACTORS_HDFS_USER</c>).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start cellactors");
    }

    /// <summary>Runs to the end (at most 5 minutes).</summary>
    public static Result Run(params string[] args) => RunWithTimeout(TimeSpan.FromMinutes(5), args);

    /// <summary>Runs to the end (at most <paramref name="timeout"/>).</summary>
    public static Result RunWithTimeout(TimeSpan timeout, params string[] args) => RunWithEnv(null, timeout, args);

    /// <summary>Runs to the end with extra environment variables.</summary>
    public static Result RunWithEnv(IReadOnlyDictionary<string, string>? env, TimeSpan timeout, params string[] args)
    {
        using var p = Start(env, args);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"cellactors {string.Join(' ', args)} did not finish within {timeout}\n{stdout}\n{stderr}");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
