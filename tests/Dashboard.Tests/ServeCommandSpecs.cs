using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary><c>cellactors serve</c> as a user runs it: a separate process that prints its address and token.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ServeCommandSpecs(DashboardFixture fx)
{
    [Fact]
    public async Task Serve_prints_its_address_and_a_generated_token_and_answers()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.Dll, "serve", fx.Results, "--http", "127.0.0.1:0" }) psi.ArgumentList.Add(a);
        psi.Environment.Remove("CELLACTORS_DASHBOARD_TOKEN");
        using var p = Process.Start(psi)!;
        try
        {
            string? url = null, token = null;
            while (url is null || token is null)
            {
                var line = await p.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("serve exited: " + await p.StandardError.ReadToEndAsync());
                if (line.StartsWith("dashboard: ", StringComparison.Ordinal)) url = line["dashboard: ".Length..];
                if (line.StartsWith("job control token (generated): ", StringComparison.Ordinal)) token = line["job control token (generated): ".Length..];
            }
            Assert.StartsWith("http://127.0.0.1:", url);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Contains(DashboardFixture.Job, await http.GetStringAsync("/api/jobs"));
            using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{DashboardFixture.Job}/control/pause") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            using var r = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    [Fact]
    public void Serve_refuses_a_missing_database_and_a_host_name()
    {
        var missing = DashboardFixture.RunCli("serve", Path.Combine(Path.GetTempPath(), "no-such-results-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no results database", missing.Stderr);
        var name = DashboardFixture.RunCli("serve", fx.Results, "--http", "example.com:8050");
        Assert.Equal(2, name.ExitCode);
        Assert.Contains("IP address", name.Stderr);
    }
}
