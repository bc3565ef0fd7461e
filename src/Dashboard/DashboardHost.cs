using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Dashboard;

/// <summary>
/// A Kestrel server with the dashboard (pages, JSON API, OpenAPI) on one address. Binds 127.0.0.1 unless told
/// otherwise; a loopback bind answers only to loopback host names (against DNS rebinding).
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, Uri url, string token, bool generated)
    {
        _app = app;
        Url = url;
        Token = token;
        TokenGenerated = generated;
    }

    /// <summary>The address it listens on (the real port when port 0 was asked).</summary>
    public Uri Url { get; }

    /// <summary>The job control token.</summary>
    public string Token { get; }

    /// <summary>Whether <see cref="Token"/> was generated (rather than given).</summary>
    public bool TokenGenerated { get; }

    /// <summary>A fresh random token (256 bits, URL-safe base64).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Parses <c>HOST:PORT</c> (also <c>http://HOST:PORT</c>, <c>[::1]:PORT</c>); HOST is an IP address or <c>localhost</c>.</summary>
    /// <param name="http">The address.</param>
    /// <param name="option">The option it came from, named in the error message.</param>
    /// <exception cref="ArgumentException">not an address this server can bind.</exception>
    public static IPEndPoint ParseEndpoint(string http, string option = "--http")
    {
        ArgumentNullException.ThrowIfNull(http);
        var s = http.Trim();
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) s = s["http://".Length..].TrimEnd('/');
        var colon = s.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(s[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"{option} takes HOST:PORT, e.g. {DashboardHostOptions.DefaultHttp} (got '{http}')");
        var host = s[..colon].Trim('[', ']');
        var ip = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var a) ? a
            : throw new ArgumentException($"{option} takes an IP address or localhost as HOST (got '{host}')");
        return new IPEndPoint(ip, port);
    }

    /// <summary>Starts the server; it runs until <see cref="StopAsync"/> or disposal.</summary>
    public static async Task<DashboardHost> StartAsync(DashboardHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = ParseEndpoint(options.Http);
        var generated = string.IsNullOrEmpty(options.Token);
        var token = generated ? NewToken() : options.Token!;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint);
        });
        builder.Services.AddCellActorsDashboard(new DashboardOptions
        {
            Database = options.Database,
            Token = token,
            AllowedHosts = IPAddress.IsLoopback(endpoint.Address) ? ["localhost", "127.0.0.1", "[::1]", "::1"] : null,
        });
        if (options.JobControl is not null) builder.Services.AddSingleton(options.JobControl);
        var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the server reported no address");
        var url = new Uri(address.Replace("://[::]", "://[::1]", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        return new DashboardHost(app, url, token, generated);
    }

    /// <summary>Completes when the server stops (or <paramref name="cancellationToken"/> fires).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
