using Akka.Actor;
using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Dashboard;
using CellActors.Dashboard.Data;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// The dashboard in a coordinator process, next to its actor system: the pages and JSON API over the cluster's results
/// database, with live job control through <see cref="CoordinatorJobControl"/>. Starts after the actor system and
/// stops before it (a hosted service registered after Akka's).
/// </summary>
public sealed class CoordinatorDashboard(IServiceProvider services, DatabaseTarget database, CoordinatorDashboardOptions options) : IHostedService
{
    private DashboardHost? _host;
    private CoordinatorJobControl? _control;

    /// <summary>The address it listens on, once started.</summary>
    public Uri? Url => _host?.Url;

    /// <summary>The job control token, once started.</summary>
    public string? Token => _host?.Token;

    /// <summary>Whether <see cref="Token"/> was generated.</summary>
    public bool TokenGenerated => _host?.TokenGenerated ?? false;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var system = services.GetRequiredService<ActorSystem>();
        var manager = await services.GetRequiredService<IActorRegistry>().GetAsync<CoordinatorSingleton>(cancellationToken).ConfigureAwait(false);
        _control = new CoordinatorJobControl(system, manager);
        _host = await DashboardHost.StartAsync(new DashboardHostOptions
        {
            Database = DashboardDatabase.For(database),
            Http = options.Http,
            Token = options.Token,
            JobControl = _control,
        }, cancellationToken).ConfigureAwait(false);
        services.GetRequiredService<ILoggerFactory>().CreateLogger<CoordinatorDashboard>()
            .LogInformation("dashboard on {Url} over {Database}", _host.Url, database.Display);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null) await _host.DisposeAsync().ConfigureAwait(false);
        if (_control is not null) await _control.DisposeAsync().ConfigureAwait(false);
        _host = null;
        _control = null;
    }
}
