using CellActors.Dashboard;

namespace CellActors.Hosting;

/// <summary>Settings of the dashboard a coordinator node serves (<c>cellactors coordinator --http ADDR [--token T]</c>).</summary>
/// <param name="Http">Where to listen, <c>HOST:PORT</c> (see <see cref="DashboardHost.ParseEndpoint"/>).</param>
/// <param name="Token">Job control token; null generates one.</param>
public sealed record CoordinatorDashboardOptions(string Http, string? Token);
