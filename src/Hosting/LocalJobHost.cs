using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Coordinator;
using CellActors.Messages;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Hosting;

/// <summary>
/// The one-process deployment: coordinator, detectors and decoders in one actor system, journal and results in
/// embedded SQLite. Configured in code with Akka.Hosting; Akka logs go to Microsoft.Extensions.Logging (the log file).
/// </summary>
public sealed class LocalJobHost : IAsyncDisposable
{
    private readonly IHost _host;

    private LocalJobHost(IHost host, ResultStore store, IActorRef coordinator, LocalRunOptions options)
    {
        _host = host;
        Store = store;
        Coordinator = coordinator;
        Options = options;
    }

    /// <summary>The results database.</summary>
    public ResultStore Store { get; }

    /// <summary>The job's coordinator (its backoff supervisor: messages reach the coordinator running now).</summary>
    public IActorRef Coordinator { get; }

    /// <summary>The settings the host runs with.</summary>
    public LocalRunOptions Options { get; }

    /// <summary>The actor system.</summary>
    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Starts the host: opens the databases and starts the actors (the job itself starts with <see cref="StartJob"/>).</summary>
    public static async Task<LocalJobHost> StartAsync(LocalRunOptions o, ILoggerProvider? extraLogs = null)
    {
        Directory.CreateDirectory(o.Out);
        var store = ResultStore.OpenSqlite(o.DatabasePath);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FileLoggerProvider(o.Logs.File ?? o.LogPath, settings: o.Logs, node: new LogNode($"run@{Environment.MachineName}")));
        if (extraLogs is not null) builder.Logging.AddProvider(extraLogs);
        builder.Services.AddCellActorsManagement(o.Management, store); // before the actor system: starts first, stops last
        builder.Services.AddAkka(CellActorsCluster.SystemName, (akka, _) =>
        {
            akka.WithCellActorsSerialization()
                .WithCellActorsHealthChecks(clusterMember: false)
                .AddHocon(ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off\nakka.log-dead-letters = 0"), HoconAddMode.Prepend)
                .ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLoggerFactory();
                })
                .WithCellActorsJournal(DatabaseTarget.Sqlite(o.JournalPath))
                .WithJobCoordinator(o.Job, store, new CoordinatorOptions(MaxInFlight: o.InFlight, MaxBatchAttempts: o.MaxAttempts), StartCommand(o))
                .WithCellActorsWorkers<JobCoordinator>(new WorkerActorsOptions(o.Devices, Math.Max(1, o.Decoders), store));
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var coordinator = host.Services.GetRequiredService<IActorRegistry>().Get<JobCoordinator>();
        return new LocalJobHost(host, store, coordinator, o);
    }

    /// <summary>The <see cref="StartJob"/> command for these options.</summary>
    public StartJob StartCommand() => StartCommand(Options);

    private static StartJob StartCommand(LocalRunOptions o) => new(o.Job, o.SourcePath, o.Settings, o.BatchSize, o.Fingerprint);

    /// <summary>Stops the actor system and closes the databases.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        Store.Dispose();
    }
}
