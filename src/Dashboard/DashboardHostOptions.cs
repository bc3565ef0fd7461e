using CellActors.Dashboard.Data;
using Microsoft.Extensions.Logging;

namespace CellActors.Dashboard;

/// <summary>Settings of a stand-alone dashboard server (<c>cellactors serve</c>).</summary>
public sealed class DashboardHostOptions
{
    /// <summary>The default bind address: loopback only.</summary>
    public const string DefaultHttp = "127.0.0.1:8050";

    /// <summary>The results database.</summary>
    public required DashboardDatabase Database { get; init; }

    /// <summary>Where to listen, <c>HOST:PORT</c> (an IP address or <c>localhost</c>; port 0 picks a free port).</summary>
    public string Http { get; init; } = DefaultHttp;

    /// <summary>Job control token; null generates a random one (see <see cref="DashboardHost.Token"/>).</summary>
    public string? Token { get; init; }

    /// <summary>Live job control, when the process runs jobs (a coordinator); null for <c>serve</c>.</summary>
    public IJobControl? JobControl { get; init; }

    /// <summary>Lowest level logged to the console.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;
}
