using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CellActors.Hosting;

/// <summary>
/// The health checks and the management endpoint (<see cref="ManagementServer"/>) every node shares. Liveness: the actor
/// system is up (Akka.Hosting's check). Readiness: liveness, and the cluster member is Up (<see cref="ClusterMemberUpCheck"/>,
/// cluster nodes), the journal answers (Akka.Persistence.Hosting's journal check, see
/// <see cref="CellActorsHosting.WithCellActorsJournal"/>), the results database answers (<see cref="ResultsDatabaseCheck"/>).
/// </summary>
public static class CellActorsManagement
{
    /// <summary>Tag of the readiness-only checks.</summary>
    public const string ReadinessTag = "readiness";

    /// <summary>
    /// Registers the health check service, the results database check when this process writes or reads a results
    /// database, and, with <paramref name="options"/>, the management endpoint. Call it before <c>AddAkka</c>, so the
    /// endpoint starts before the actor system and stops after it.
    /// </summary>
    public static IServiceCollection AddCellActorsManagement(this IServiceCollection services, ManagementOptions? options, ResultStore? store)
    {
        var checks = services.AddHealthChecks();
        if (store is not null) checks.AddCheck(ResultsDatabaseCheck.Name, new ResultsDatabaseCheck(store), HealthStatus.Unhealthy, [ReadinessTag]);
        if (options is null) return services;
        services.AddSingleton(sp => new ManagementServer(sp, options));
        services.AddHostedService(sp => sp.GetRequiredService<ManagementServer>());
        return services;
    }

    /// <summary>The actor system's liveness check and, on a cluster node, the member-Up readiness check.</summary>
    public static AkkaConfigurationBuilder WithCellActorsHealthChecks(this AkkaConfigurationBuilder akka, bool clusterMember)
    {
        ArgumentNullException.ThrowIfNull(akka);
        akka.WithActorSystemLivenessCheck();
        if (clusterMember) akka.WithHealthCheck(ClusterMemberUpCheck.Name, new ClusterMemberUpCheck(), HealthStatus.Unhealthy, ["akka", "cluster", ReadinessTag]);
        return akka;
    }
}
