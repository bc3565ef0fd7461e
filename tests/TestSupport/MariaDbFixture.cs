namespace CellActors.TestSupport;

/// <summary>
/// An xunit class/collection fixture holding one private <see cref="MariaDbServer"/>, started on first use (so a
/// class whose tests are all skipped never starts it) and stopped when the fixture is disposed.
/// </summary>
public sealed class MariaDbFixture : IDisposable
{
    private readonly Lazy<MariaDbServer> _server = new(MariaDbServer.Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running server (started now if needed).</summary>
    public MariaDbServer Server => _server.Value;

    /// <summary>A new empty database's <c>--db</c> URL.</summary>
    public string NewDatabaseUrl(string prefix = "cells") => Server.Url(Server.CreateDatabase(prefix));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
    }
}
