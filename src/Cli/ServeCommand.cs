using System.CommandLine;
using System.Net;
using CellActors.Dashboard;
using CellActors.Dashboard.Data;
using CellActors.Results;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors serve RESULTS</c> or <c>cellactors serve --db mysql://…</c>: the web dashboard and JSON API over a
/// results database (read-only): a one-process results folder, or a cluster's MariaDB/MySQL results.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Environment variable that may hold the job control token (instead of <c>--token</c>, which other users can see in ps).</summary>
    public const string TokenVariable = "CELLACTORS_DASHBOARD_TOKEN";

    public static Command Create()
    {
        var dir = new Argument<string?>("results") { Description = "Results folder (or its cellactors.db); omit with --db", Arity = ArgumentArity.ZeroOrOne };
        var db = new Option<string?>("--db") { Description = "Results database instead of a folder: mysql://user:pw@host:port/db (a cluster's), or a SQLite file" };
        var http = new Option<string>("--http") { Description = "Address to listen on, HOST:PORT (HOST an IP address or localhost; port 0: any free port)", DefaultValueFactory = _ => DashboardHostOptions.DefaultHttp };
        var token = new Option<string?>("--token") { Description = $"Bearer token for job control (default: ${TokenVariable}, else a random one printed at start)" };
        var cmd = new Command("serve", "Serve the web dashboard (jobs, charts, frame viewer, cell table, lineage, errors) and its JSON API.") { dir, db, http, token };
        cmd.SetAction((pr, ct) => Run(pr.GetValue(dir), pr.GetValue(db), pr.GetValue(http)!, pr.GetValue(token), ct));
        return cmd;
    }

    /// <summary>The database a results folder or a <c>--db</c> value names; null (with the error printed) when there is none.</summary>
    private static async Task<DashboardDatabase?> OpenDatabase(string? dir, string? db)
    {
        if ((dir is null) == (db is null))
        {
            await Console.Error.WriteLineAsync("error: name a results folder or --db mysql://user:pw@host:port/db (one of them)").ConfigureAwait(false);
            return null;
        }
        try
        {
            return DashboardDatabase.For(dir is not null ? DatabaseTarget.Sqlite(ResultsDatabase.DatabasePath(dir)) : DatabaseTarget.Parse(db!));
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<int> Run(string? dir, string? db, string http, string? token, CancellationToken ct)
    {
        if (await OpenDatabase(dir, db).ConfigureAwait(false) is not { } database) return 2;
        try
        {
            await (await database.OpenAsync(ct).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            var failure = CliFailure.Describe(ex, database.Description) ?? ($"cannot read {database.Description}: {ex.Message}", CliFailure.BadArguments);
            await Console.Error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return failure.Code;
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
            host = await DashboardHost.StartAsync(new DashboardHostOptions { Database = database, Http = http, Token = token }, ct).ConfigureAwait(false);
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
            Console.WriteLine($"serving {database.Description} (read-only)");
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
