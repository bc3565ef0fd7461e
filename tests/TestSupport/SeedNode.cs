using System.Globalization;

namespace CellActors.TestSupport;

/// <summary>
/// A lone seed, <c>cellactors seed</c>, as a process on 127.0.0.1 and a free port (the test project must reference
/// src/Cli so that <c>cellactors.dll</c> is built beside the tests); console commands reach the cluster through it.
/// Killed when disposed.
/// </summary>
public sealed class SeedNode : IDisposable
{
    private readonly ChildProcess _process;

    private SeedNode(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Its TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Its <c>--seed</c> value, <c>127.0.0.1:PORT</c>.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>What it printed so far (for failure messages).</summary>
    public string Output => _process.Output;

    /// <summary>Starts a seed with <paramref name="options"/> added (e.g. <c>--management</c>); console commands retry joining until it listens.</summary>
    public static SeedNode Start(params string[] options)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "cellactors.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: reference src/Cli from the test project");
        return new SeedNode(ChildProcess.Start("seed", "dotnet", [dll, "seed", "--port", port.ToString(CultureInfo.InvariantCulture), .. options]), port);
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
