using CellActors.Results;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CellActors.Hosting;

/// <summary>Readiness: the results database answers a trivial query within <see cref="Timeout"/>.</summary>
public sealed class ResultsDatabaseCheck(ResultStore store) : IHealthCheck
{
    /// <summary>Its name in health reports.</summary>
    public const string Name = "results-database";

    /// <summary>How long the query may take before the database counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Run(() => store.Query("SELECT 1"), cancellationToken).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{store.Path} answers");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{store.Path} did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Path} is unreachable: {e.Message.Split('\n')[0]}");
        }
    }
}
