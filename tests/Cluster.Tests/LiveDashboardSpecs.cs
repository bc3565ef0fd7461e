using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CellActors.Dashboard;
using CellActors.Dashboard.Data;
using CellActors.Results;
using CellActors.TestSupport;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cluster.Tests;

/// <summary>
/// <c>cellactors coordinator --http</c>: the coordinator of a real cluster (seed, coordinator, two paced workers,
/// MariaDB, all separate processes) serves the dashboard over the cluster's results, with the live job's state and
/// the members' load, and token-protected pause, resume and cancel that act on the job.
/// </summary>
public sealed class LiveDashboardSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const string Token = "live-dashboard-token-0123456789";
    private const string Job = ClusterFixture.Job;
    private const string Other = "synth-cancelled";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private static async Task<JsonElement> Get(HttpClient http, string path)
    {
        using var r = await http.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Control(HttpClient http, string job, string action, string? token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{Uri.EscapeDataString(job)}/control/{action}");
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var r = await http.SendAsync(req);
        var body = await r.Content.ReadAsStringAsync();
        return (r.StatusCode, body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }

    /// <summary>Polls the job's API answer until <paramref name="condition"/> holds.</summary>
    private static async Task<JsonElement> WaitForJob(HttpClient http, LocalCluster cluster, string job, Func<JsonElement, bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        var last = "";
        while (DateTime.UtcNow < until)
        {
            if (cluster.Coordinator!.HasExited) Assert.Fail($"the coordinator exited while waiting for {what}\n{cluster.Logs()}");
            try
            {
                using var r = await http.GetAsync($"/api/jobs/{Uri.EscapeDataString(job)}");
                last = await r.Content.ReadAsStringAsync();
                if (r.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(last).RootElement.Clone() is var d && condition(d)) return d;
            }
            catch (HttpRequestException)
            {
                // the dashboard is not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"gave up waiting for {what}; last answer: {last}\n{cluster.Logs()}");
        return default;
    }

    private static string? LiveState(JsonElement d) => d.GetProperty("live") is { ValueKind: JsonValueKind.Object } l ? l.GetProperty("state").GetString() : null;

    private static IEnumerable<JsonElement> Members(JsonElement d) => d.GetProperty("live").GetProperty("members").EnumerateArray();

    private static int InFlight(JsonElement d) => Members(d).Sum(m => m.GetProperty("batchesInFlight").GetInt32());

    private static long FramesDone(JsonElement d) => d.GetProperty("summary").GetProperty("framesDone").GetInt64();

    private static string Status(JsonElement d) => d.GetProperty("summary").GetProperty("status").GetString()!;

    private void Submit(LocalCluster cluster, string job)
    {
        var (code, text) = cluster.Console("submit", "--segmenter", "default", fixture.Source, "--job", job, "--batch-size", ClusterFixture.BatchSize.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"submit failed ({code}):\n{text}\n{cluster.Logs()}");
    }

    [MariaDbFact]
    public async Task The_coordinator_serves_the_live_job_with_members_and_load_and_token_protected_pause_resume_and_cancel()
    {
        var db = fixture.Db.Url(fixture.Db.CreateDatabase("live"));
        using var cluster = new LocalCluster(db);
        var httpPort = FreePort.Next();
        cluster.StartCoordinator("--http", $"127.0.0.1:{httpPort}", "--token", Token);
        cluster.StartWorker(minBatchMs: 500); // paced: 60 batches take the two workers about 30 s
        cluster.StartWorker(minBatchMs: 500);
        cluster.WaitForDetectors(2);
        Assert.Contains($"dashboard: http://127.0.0.1:{httpPort}/", cluster.Coordinator!.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Submit(cluster, Job);

        // Live: state, every member (seed, coordinator, two workers) with its roles, and the workers' load.
        var d = await WaitForJob(http, cluster, Job, j => LiveState(j) == "running" && FramesDone(j) >= 4 && InFlight(j) > 0
            && Members(j).Any(m => m.GetProperty("framesPerSecond").GetDouble() > 0), "the live job with work in flight and throughput");
        var members = Members(d).ToList();
        output.WriteLine("members: " + string.Join(" | ", members.Select(m => m.ToString())));
        Assert.Equal(4, members.Count);
        Assert.Contains(members, m => m.GetProperty("roles").GetString() == "contact,seed");
        Assert.Contains(members, m => m.GetProperty("roles").GetString() == "contact,coordinator" && m.GetProperty("address").GetString()!.EndsWith($":{cluster.CoordinatorPort}", StringComparison.Ordinal));
        var workers = members.Where(m => m.GetProperty("roles").GetString() == "decoder,detector,worker").ToList();
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.Equal(2, w.GetProperty("capacity").GetInt32())); // one detector, --slots 2
        // In flight = leased and not yet committed. A batch handed from the detector to the decoder frees a detector
        // slot but stays in flight until the decoder commits it, so a node can hold more than its 2 slots (CI saw 3).
        Assert.All(workers, w => Assert.True(w.GetProperty("batchesInFlight").GetInt32() >= 0));
        var list = await Get(http, "/api/jobs");
        Assert.True(list.EnumerateArray().Single(j => j.GetProperty("job").GetString() == Job).GetProperty("live").GetBoolean());

        // Job control needs the token: refused without it or with a wrong one, and the job goes on.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Control(http, Job, "pause", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Control(http, Job, "pause", "wrong-" + Token)).Status);
        Assert.Equal("running", LiveState(await Get(http, $"/api/jobs/{Job}")));

        // Pause: batches out finish, then progress stops; the state says paused (live and in the database).
        var (pauseStatus, paused) = await Control(http, Job, "pause", Token);
        Assert.True(pauseStatus == HttpStatusCode.OK, $"pause: {(int)pauseStatus} {paused}");
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        d = await WaitForJob(http, cluster, Job, j => LiveState(j) == "paused" && InFlight(j) == 0 && Status(j) == "paused", "the paused job to hold no batch");
        var doneAtPause = FramesDone(d);
        await Task.Delay(TimeSpan.FromSeconds(3));
        d = await Get(http, $"/api/jobs/{Job}");
        Assert.Equal(doneAtPause, FramesDone(d));
        Assert.True(doneAtPause < ClusterFixture.Frames, $"the job finished before it could be paused: make it longer\n{cluster.Logs()}");
        output.WriteLine($"paused at {doneAtPause} of {ClusterFixture.Frames} frames");
        var (again, refused) = await Control(http, Job, "pause", Token);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already paused", refused.GetProperty("message").GetString());
        BrowserShowsTheMembers(httpPort);

        // Resume: the job completes, with the tables of the one-process run; then it is no longer live.
        var (resumeStatus, resumed) = await Control(http, Job, "resume", Token);
        Assert.True(resumeStatus == HttpStatusCode.OK, $"resume: {(int)resumeStatus} {resumed}");
        d = await WaitForJob(http, cluster, Job, j => Status(j) == "completed" && LiveState(j) is null, "the resumed job to complete");
        Assert.Equal(ClusterFixture.Frames, FramesDone(d));
        Assert.Equal(HttpStatusCode.Conflict, (await Control(http, Job, "resume", Token)).Status); // no live job
        using (var store = ResultStore.Open(db, readOnly: true)) Assert.Equal(fixture.Reference, ClusterFixture.Dump(store));
        await AnswersEqualTheOneProcessResults(http);

        // Cancel another job mid-way: it stops for good, short of its frames.
        Submit(cluster, Other);
        await WaitForJob(http, cluster, Other, j => LiveState(j) == "running" && FramesDone(j) >= 4, "the second job to run");
        var (cancelStatus, cancelled) = await Control(http, Other, "cancel", Token);
        Assert.True(cancelStatus == HttpStatusCode.OK, $"cancel: {(int)cancelStatus} {cancelled}");
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        d = await WaitForJob(http, cluster, Other, j => Status(j) == "cancelled" && LiveState(j) is null, "the cancelled job to be no longer live");
        await Task.Delay(TimeSpan.FromSeconds(2)); // batches that were out may still be written
        var doneAtCancel = FramesDone(await Get(http, $"/api/jobs/{Other}"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(doneAtCancel, FramesDone(await Get(http, $"/api/jobs/{Other}")));
        Assert.True(doneAtCancel < ClusterFixture.Frames, $"the cancelled job still ran to its end\n{cluster.Logs()}");
        Assert.Equal(HttpStatusCode.Conflict, (await Control(http, Other, "resume", Token)).Status);
        output.WriteLine($"cancelled {Other} at {doneAtCancel} of {ClusterFixture.Frames} frames");
    }

    [Fact]
    public void The_coordinator_refuses_an_http_address_it_cannot_bind_before_joining()
    {
        using var p = ChildProcess.Start("coordinator", "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cellactors.dll"), "coordinator", "--seed", "127.0.0.1:1", "--db", "mysql://root@127.0.0.1:1/none", "--http", "example.com:8050"]);
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), p.Output);
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("IP address or localhost", p.Output);
    }

    /// <summary>
    /// The coordinator's dashboard over MariaDB answers what <c>cellactors serve</c> answers over the one-process
    /// run's SQLite file for the same input: cell table pages, frames, time series, histograms, a rendered frame.
    /// </summary>
    private async Task AnswersEqualTheOneProcessResults(HttpClient cluster)
    {
        var sqlite = Path.Combine(fixture.Root, "one-process", "cellactors.db");
        await using var serve = await DashboardHost.StartAsync(new DashboardHostOptions { Database = new SqliteDashboardDatabase(sqlite), Http = "127.0.0.1:0", Token = Token });
        using var local = new HttpClient { BaseAddress = serve.Url };
        var seq = (await Get(cluster, $"/api/jobs/{Job}")).GetProperty("sequences").EnumerateArray().Single();
        string ds = Uri.EscapeDataString(seq.GetProperty("dataset").GetString()!), sq = Uri.EscapeDataString(seq.GetProperty("sequence").GetString()!);
        var frames = await Get(cluster, $"/api/jobs/{Job}/frames?dataset={ds}&sequence={sq}");
        var image = Uri.EscapeDataString(frames.EnumerateArray().ElementAt(7).GetProperty("imageId").GetString()!);
        string[] paths =
        [
            $"/api/jobs/{Job}/cells", $"/api/jobs/{Job}/cells?sort=area&dir=desc&page=3&size=100", $"/api/jobs/{Job}/cells?filter=t:ge:100&sort=centroid_x",
            $"/api/jobs/{Job}/frames?dataset={ds}&sequence={sq}", $"/api/jobs/{Job}/timeseries?dataset={ds}&sequence={sq}",
            $"/api/jobs/{Job}/histogram?measure=area&bins=20", $"/api/jobs/{Job}/frame?image_id={image}", $"/api/jobs/{Job}/frame/image?image_id={image}",
            $"/api/jobs/{Job}/errors",
        ];
        foreach (var path in paths)
        {
            var expected = await local.GetByteArrayAsync(path);
            var actual = await cluster.GetByteArrayAsync(path);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} differs between serve (SQLite) and the coordinator (MariaDB)");
        }
        var summary = (await Get(cluster, $"/api/jobs/{Job}")).GetProperty("summary");
        var reference = (await Get(local, $"/api/jobs/{Job}")).GetProperty("summary");
        foreach (var p in new[] { "frameCount", "framesDone", "framesWithCells", "objects", "errors" })
            Assert.Equal(reference.GetProperty(p).GetInt64(), summary.GetProperty(p).GetInt64());
    }

    /// <summary>The jobs page in headless Chromium shows the paused job and the members table (screenshot saved and looked at).</summary>
    private void BrowserShowsTheMembers(int httpPort)
    {
        const string chromium = "/usr/bin/chromium", driverPath = "/usr/bin/chromedriver";
        if (!File.Exists(chromium) || !File.Exists(driverPath))
        {
            output.WriteLine($"browser check skipped: {chromium} or {driverPath} is not installed");
            return;
        }
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1000");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        try
        {
            driver.Navigate().GoToUrl($"http://127.0.0.1:{httpPort}/index.html?job={Job}");
            var until = DateTime.UtcNow.AddSeconds(60);
            while (driver.FindElements(By.CssSelector("#members-table:not([hidden]) tbody tr")).Count < 4 && DateTime.UtcNow < until) Thread.Sleep(200);
            driver.ExecuteScript("document.getElementById('members-table').scrollIntoView({ block: 'center' });");
            var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            driver.GetScreenshot().SaveAsFile(Path.Combine(dir, "coordinator-live-jobs.png"));
            // Read the rows in one script: the page re-renders the table on every poll, so elements read one by one can go stale.
            var rows = ((IReadOnlyCollection<object>?)driver.ExecuteScript("return Array.from(document.querySelectorAll('#members-table tbody tr')).map(r => r.innerText);") ?? [])
                .Select(r => (string)r).ToList();
            Assert.Equal(4, rows.Count);
            Assert.Contains(rows, r => r.Contains("decoder,detector,worker", StringComparison.Ordinal));
            Assert.Contains("live: paused", driver.FindElement(By.Id("live-state")).Text);
            Assert.Contains("unknown", driver.FindElement(By.Id("job-eta")).Text); // no time left while paused
        }
        finally
        {
            driver.Quit();
        }
    }
}
