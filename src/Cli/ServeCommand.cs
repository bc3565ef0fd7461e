using System.CommandLine;
using System.Net;
using CellActors.Dashboard;
using CellActors.Dashboard.Data;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary><c>cellactors serve RESULTS</c>: the web dashboard and JSON API over a results database (read-only).</summary>
internal static class ServeCommand
{
    /// <summary>Environment variable that may hold the job control token (instead of <c>--token</c>, which other users can see in ps).</summary>
    public const string TokenVariable = "CELLACTORS_DASHBOARD_TOKEN";

    public static Command Create()
    {
        var dir = new Argument<string>("results") { Description = "Results folder (or its cellactors.db)" };
        var http = new Option<string>("--http") { Description = "Address to listen on, HOST:PORT (HOST an IP address or localhost; port 0: any free port)", DefaultValueFactory = _ => DashboardHostOptions.DefaultHttp };
        var token = new Option<string?>("--token") { Description = $"Bearer token for job control (default: ${TokenVariable}, else a random one printed at start)" };
        var cmd = new Command("serve", "Serve the web dashboard (jobs, charts, frame viewer, cell table, lineage, errors) and its JSON API.") { dir, http, token };
        cmd.SetAction((pr, ct) => Run(pr.GetValue(dir)!, pr.GetValue(http)!, pr.GetValue(token), ct));
        return cmd;
    }

    private static async Task<int> Run(string dir, string http, string? token, CancellationToken ct)
    {
        var db = ResultsDatabase.DatabasePath(dir);
        if (!File.Exists(db))
        {
            await Console.Error.WriteLineAsync($"error: no results database at {db}").ConfigureAwait(false);
            return 2;
        }
        IPEndPoint endpoint;
        try
        {
            endpoint = DashboardHost.ParseEndpoint(http);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        DashboardHost host;
        try
        {
            host = await DashboardHost.StartAsync(new DashboardHostOptions { Database = new SqliteDashboardDatabase(db), Http = http, Token = token }, ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on {http}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (host.ConfigureAwait(false))
        {
            if (!IPAddress.IsLoopback(endpoint.Address))
                await Console.Error.WriteLineAsync($"warning: listening on {endpoint.Address}, reachable from other machines: anyone who can connect can read these results").ConfigureAwait(false);
            Console.WriteLine($"serving {Path.GetFullPath(db)} (read-only)");
            Console.WriteLine($"dashboard: {host.Url}");
            Console.WriteLine($"API: {host.Url}api/jobs  (OpenAPI: {host.Url}openapi/v1.json)");
            Console.WriteLine(host.TokenGenerated ? $"job control token (generated): {host.Token}" : "job control token: as given");
            Console.WriteLine("Ctrl+C stops the server.");
            try
            {
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return 0;
    }
}
