using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CellActors.Dashboard.Data;
using CellActors.Results;
using CellActors.Results.Sql;
using CellActors.TestSupport;
using MySqlConnector;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// The dashboard over a cluster's results on a real MariaDB server: the fixture's results (made by <c>cellactors run
/// --track</c>) copied row by row into a MariaDB database, served by <see cref="MySqlDashboardDatabase"/>; every
/// endpoint answers exactly what it answers over the SQLite file, and the server's session refuses writes.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class MySqlDashboardSpecs(DashboardFixture fx, MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>
{
    private const string J = DashboardFixture.Job;

    /// <summary>The results tables, in the order they are copied (same columns, same order in both dialects).</summary>
    private static readonly string[] Tables = ["jobs", "inputs", "frames", "objects", "tracks", "tracking", "errors", "batches", "runs"];

    private static string E(string s) => Uri.EscapeDataString(s);

    /// <summary>A new MariaDB database with the results schema and every row of the fixture's SQLite results.</summary>
    private string CopyOfTheResults()
    {
        var url = mariaDb.NewDatabaseUrl("dashboard");
        var target = DatabaseTarget.Parse(url);
        ResultStore.Open(target).Dispose(); // creates the schema
        using var source = fx.Open();
        using var dest = new MySqlConnection(target.ConnectionString);
        dest.Open();
        using var tx = dest.BeginTransaction();
        foreach (var table in Tables)
        {
            using var read = source.CreateCommand();
            read.CommandText = $"SELECT * FROM {table}";
            using var r = read.ExecuteReader();
            var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
            using var insert = dest.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            for (var i = 0; i < columns.Count; i++) insert.Parameters.Add(new MySqlParameter("@p" + i, null));
            while (r.Read())
            {
                for (var i = 0; i < columns.Count; i++) insert.Parameters[i].Value = r.GetValue(i);
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return url;
    }

    /// <summary>Requests whose answers must be byte-identical on SQLite and MariaDB.</summary>
    private IEnumerable<string> Requests()
    {
        var o = fx.ObjectUnderItsCentroid(5);
        var daughter = fx.Rows("SELECT track_id, parent_track_id FROM tracks WHERE parent_track_id IS NOT NULL ORDER BY track_id LIMIT 1").Single();
        var j = $"/api/jobs/{E(J)}";
        return
        [
            "/api/jobs", j,
            $"{j}/timeseries?dataset={E(J)}&sequence=01",
            $"{j}/histogram?measure=area&bins=17", $"{j}/histogram?measure=eccentricity&bins=9",
            $"{j}/histogram?measure=intensity_mean&dataset={E(J)}&sequence=01&t=3",
            $"{j}/frames?dataset={E(J)}&sequence=01",
            $"{j}/frame?image_id={E(o.ImageId)}",
            $"{j}/frame/image?image_id={E(o.ImageId)}&outlines=track&selected={o.Label}",
            $"{j}/frame/hit?image_id={E(o.ImageId)}&x={o.X}&y={o.Y}",
            $"{j}/frame/pixels?image_id={E(o.ImageId)}", $"{j}/frame/objects?image_id={E(o.ImageId)}", $"{j}/frame/groundtruth?image_id={E(o.ImageId)}",
            $"/api/groundtruth?dataset={E(J)}&sequence=01",
            $"{j}/scatter?x=area&y=intensity_mean&dataset={E(J)}&sequence=01", $"{j}/scatter?x=eccentricity&y=solidity&limit=50", $"{j}/scatter?x=area&y=perimeter&image_id={E(o.ImageId)}",
            $"{j}/cell?image_id={E(o.ImageId)}&label={o.Label}",
            $"{j}/cells", $"{j}/cells?sort=area&dir=desc&size=37&page=3", $"{j}/cells?filter=t:le:5&filter=area:gt:100&sort=centroid_x",
            $"{j}/cells?filter=track_id:notnull&sort=track_id&size=500", $"{j}/cells?filter=image_id:contains:t0004&sort=eccentricity&dir=desc",
            $"{j}/cells.csv?filter=t:le:5&sort=area",
            $"{j}/tracks?roots=1&size=500", $"{j}/tracks?sequence=01&page=2&size=10",
            $"{j}/tracks/{daughter[0]}/lineage", $"{j}/tracks/{daughter[1]}/lineage",
            $"{j}/errors",
            $"{j}/tracks/999999/lineage", "/api/jobs/nope", $"{j}/cells?filter=area:gt:1;DROP TABLE objects",
        ];
    }

    [MariaDbFact]
    public async Task Every_endpoint_answers_the_same_over_MariaDB_as_over_SQLite()
    {
        var url = CopyOfTheResults();
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions
        {
            Database = DashboardDatabase.For(DatabaseTarget.Parse(url)), Http = "127.0.0.1:0", Token = DashboardFixture.Token,
        });
        using var http = new HttpClient { BaseAddress = host.Url };
        foreach (var path in Requests())
        {
            using var sqlite = await fx.Http.GetAsync(path);
            using var mysql = await http.GetAsync(path);
            var expected = await sqlite.Content.ReadAsByteArrayAsync();
            var actual = await mysql.Content.ReadAsByteArrayAsync();
            Assert.True(sqlite.StatusCode == mysql.StatusCode, $"{path}: {(int)sqlite.StatusCode} on SQLite, {(int)mysql.StatusCode} on MariaDB: {System.Text.Encoding.UTF8.GetString(actual)}");
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"{path} differs:\nSQLite:  {Head(expected)}\nMariaDB: {Head(actual)}");
        }

        // Job control without a live job: 401 without the token, 409 with it (no coordinator in this process).
        using var noToken = await http.PostAsync($"/api/jobs/{E(J)}/control/pause", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{E(J)}/control/pause") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", DashboardFixture.Token) } };
        using var withToken = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.Conflict, withToken.StatusCode);
    }

    private static string Head(byte[] body)
    {
        var s = System.Text.Encoding.UTF8.GetString(body);
        return s.Length <= 600 ? s : s[..600] + "...";
    }

    [MariaDbFact]
    public async Task The_dashboard_session_on_MariaDB_is_read_only()
    {
        var url = CopyOfTheResults();
        var db = DashboardDatabase.For(DatabaseTarget.Parse(url));
        Assert.Equal(SqlDialect.MySql, db.Dialect);
        Assert.StartsWith("mysql://root@127.0.0.1:", db.Description); // the user, never a password
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM objects";
        var e = await Assert.ThrowsAsync<MySqlException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("READ ONLY", e.Message, StringComparison.OrdinalIgnoreCase);
        cmd.CommandText = "SELECT COUNT(*) FROM objects";
        Assert.Equal(fx.Scalar("SELECT COUNT(*) FROM objects"), Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    [MariaDbFact]
    public async Task Serve_with_db_mysql_serves_a_cluster_s_results()
    {
        var url = CopyOfTheResults();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.Dll, "serve", "--db", url, "--http", "127.0.0.1:0", "--token", DashboardFixture.Token }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            string? served = null, dashboard = null;
            while (dashboard is null)
            {
                var line = await p.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("serve exited: " + await p.StandardError.ReadToEndAsync());
                if (line.StartsWith("serving ", StringComparison.Ordinal)) served = line;
                if (line.StartsWith("dashboard: ", StringComparison.Ordinal)) dashboard = line["dashboard: ".Length..];
            }
            Assert.Contains("mysql://root@127.0.0.1:", served);
            using var http = new HttpClient { BaseAddress = new Uri(dashboard) };
            var path = $"/api/jobs/{E(J)}/cells?sort=area&dir=desc&size=20";
            Assert.Equal(await fx.Http.GetStringAsync(path), await http.GetStringAsync(path));
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    [Fact]
    public void Serve_needs_exactly_one_database_and_says_when_the_server_is_unreachable()
    {
        var neither = DashboardFixture.RunCli("serve");
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--db", neither.Stderr);
        var both = DashboardFixture.RunCli("serve", fx.Results, "--db", "mysql://root@127.0.0.1:1/none");
        Assert.Equal(2, both.ExitCode);
        var down = DashboardFixture.RunCli("serve", "--db", $"mysql://root@127.0.0.1:{FreePort.Next()}/none?ConnectionTimeout=3");
        Assert.Equal(4, down.ExitCode); // unreachable (README: exit codes)
        Assert.Contains("mysql://root@127.0.0.1:", down.Stderr);
        Assert.Contains("unreachable", down.Stderr);
        var bad = DashboardFixture.RunCli("serve", "--db", "postgres://x/y");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown database URL scheme", bad.Stderr);
    }
}
