using System.Text.Json;
using CellActors.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CellActors.Hosting;

/// <summary>
/// A node's management endpoint (Kestrel, one address, loopback unless told otherwise): <c>/health/live</c> (the checks
/// tagged <see cref="LivenessTag"/>: the actor system is up), <c>/health/ready</c> (every check: also the cluster member
/// is Up, the journal and the results database answer) — 200 when healthy, 503 otherwise, with a JSON report — and
/// <c>/metrics</c>, the <see cref="CellActorsMetrics"/> meter and the .NET runtime's in Prometheus text (OpenTelemetry's
/// Prometheus exporter). Registered before the actor system, it starts first and stops last: while the node leaves the
/// cluster it still answers, readiness 503, and it keeps answering for <see cref="ManagementOptions.DrainOrDefault"/>.
/// </summary>
public sealed class ManagementServer(IServiceProvider services, ManagementOptions options) : IHostedService, IAsyncDisposable
{
    /// <summary>Tag of the checks <c>/health/live</c> runs (Akka.Hosting's actor system liveness check has it).</summary>
    public const string LivenessTag = "liveness";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private WebApplication? _app;
    private volatile bool _stopping;

    /// <summary>The address it listens on, once started.</summary>
    public Uri? Url { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = options.Endpoint();
        var health = services.GetRequiredService<HealthCheckService>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint);
        });
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("cellactors")).WithMetrics(m => m.AddMeter(CellActorsMetrics.MeterName, "System.Runtime").AddPrometheusExporter());
        var app = builder.Build();
        app.MapGet("/health/live", (HttpContext c) => Report(c, health, r => r.Tags.Contains(LivenessTag), live: true));
        app.MapGet("/health/ready", (HttpContext c) => Report(c, health, _ => true, live: false));
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the management server reported no address");
        Url = new Uri(address.Replace("://[::]", "://[::1]", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        services.GetRequiredService<ILoggerFactory>().CreateLogger<ManagementServer>()
            .LogInformation("management endpoint on {Url}: /health/live, /health/ready, /metrics", Url);
        // Stopping begins: readiness answers 503 from now on, whatever the checks say.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _stopping = true);
    }

    private async Task Report(HttpContext context, HealthCheckService health, Func<HealthCheckRegistration, bool> predicate, bool live)
    {
        var report = await health.CheckHealthAsync(predicate, context.RequestAborted).ConfigureAwait(false);
        var healthy = report.Status != HealthStatus.Unhealthy && (live || !_stopping);
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = healthy ? report.Status.ToString() : HealthStatus.Unhealthy.ToString(),
            stopping = _stopping,
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_app is null) return;
        try
        {
            await Task.Delay(options.DrainOrDefault, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the host's shutdown timeout: close now
        }
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }
}
