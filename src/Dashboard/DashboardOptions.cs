using CellActors.Dashboard.Data;

namespace CellActors.Dashboard;

/// <summary>Settings of the dashboard (pages and JSON API).</summary>
public sealed class DashboardOptions
{
    /// <summary>Largest page size of the table endpoints; a larger <c>size</c> is refused with 400.</summary>
    public const int MaxPageSizeLimit = 500;

    /// <summary>The results database, read with read-only connections.</summary>
    public required DashboardDatabase Database { get; init; }

    /// <summary>Bearer token that job control requests must carry. Never empty: <see cref="DashboardHost"/> generates one when none is given.</summary>
    public required string Token { get; init; }

    /// <summary>Largest page size the table endpoints accept (at most <see cref="MaxPageSizeLimit"/>).</summary>
    public int MaxPageSize { get; init; } = MaxPageSizeLimit;

    /// <summary>
    /// Host names the server answers to (Host header), against DNS rebinding. Null: derived from the bind address
    /// (loopback binds answer only to localhost, 127.0.0.1 and [::1]; other binds to any host).
    /// </summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }
}
