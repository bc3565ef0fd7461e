using System.Globalization;

namespace CellActors.TestSupport;

/// <summary>
/// A lone <c>cellactors-seed</c> process on 127.0.0.1 and a free port (the test project must reference src/Seed so
/// that <c>cellactors-seed.dll</c> is built beside the tests); console commands join the cluster through it. Killed
/// when disposed.
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

    /// <summary>Starts a seed; console commands retry joining until it listens.</summary>
    public static SeedNode Start()
    {
        var port = FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "cellactors-seed.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: reference src/Seed from the test project");
        return new SeedNode(ChildProcess.Start("seed", "dotnet", [dll, "--port", port.ToString(CultureInfo.InvariantCulture)]), port);
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
