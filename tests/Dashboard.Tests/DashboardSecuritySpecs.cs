using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CellActors.Dashboard.Data;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>Malicious and careless requests: refused with 4xx, and the database unchanged.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardSecuritySpecs(DashboardFixture fx)
{
    private const string J = DashboardFixture.Job;

    /// <summary>Sends a request target exactly as written (HttpClient would normalise dot segments away).</summary>
    private static async Task<(int Status, string Body)> Raw(Uri server, string target, string host = "127.0.0.1")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var s = tcp.GetStream();
        var req = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        await s.WriteAsync(req);
        using var reader = new StreamReader(s, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, text);
    }

    [Theory]
    [InlineData("/assets/../../../../etc/passwd")]
    [InlineData("/assets/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/assets/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/assets/%252e%252e/%252e%252e/etc/passwd")]
    [InlineData("/assets/..\\..\\etc\\passwd")]
    [InlineData("/../../etc/passwd")]
    [InlineData("/api/jobs/..%2f..%2fetc/frame?image_id=x")]
    public async Task Path_traversal_is_refused(string target)
    {
        var (status, body) = await Raw(fx.Host.Url, target);
        Assert.InRange(status, 400, 499);
        Assert.DoesNotContain("root:", body);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("Synth-N2DH/01/../../../../etc/passwd")]
    [InlineData("Synth-N2DH/01/t0003' OR '1'='1")]
    public async Task Only_images_recorded_by_the_job_are_served(string imageId)
    {
        using var r = await fx.Http.GetAsync($"/api/jobs/{J}/frame/image?image_id={Uri.EscapeDataString(imageId)}");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.NotEqual("image/png", r.Content.Headers.ContentType?.MediaType);
        using var pixels = await fx.Http.GetAsync($"/api/jobs/{J}/frame/pixels?image_id={Uri.EscapeDataString(imageId)}");
        Assert.Equal(HttpStatusCode.NotFound, pixels.StatusCode);
        Assert.NotEqual("application/octet-stream", pixels.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("filter=area:gt:1 OR 1=1")]
    [InlineData("filter=area) OR (1=1:gt:1")]
    [InlineData("filter=rle:contains:1")]
    [InlineData("filter=area:gt")]
    [InlineData("filter=area:like:1")]
    [InlineData("filter=area;DROP TABLE objects;--:eq:1")]
    [InlineData("filter=area:null")]
    [InlineData("sort=area; DROP TABLE objects")]
    [InlineData("sort=(SELECT 1)")]
    [InlineData("sort=rle")]
    [InlineData("dir=desc; DROP TABLE objects")]
    [InlineData("size=100000")]
    [InlineData("size=501")]
    [InlineData("size=0")]
    [InlineData("size=-5")]
    [InlineData("page=0")]
    [InlineData("page=99999999999")]
    [InlineData("size=1e9")]
    public async Task Bad_cell_queries_are_refused_with_400(string query)
    {
        using var r = await fx.Http.GetAsync($"/api/jobs/{J}/cells?{query.Replace(" ", "%20", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("\"error\"", await r.Content.ReadAsStringAsync());
        using var csv = await fx.Http.GetAsync($"/api/jobs/{J}/cells.csv?{query.Replace(" ", "%20", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal)}");
        Assert.True(csv.StatusCode == HttpStatusCode.BadRequest || query.StartsWith("size", StringComparison.Ordinal) || query.StartsWith("page", StringComparison.Ordinal));
        Assert.True(fx.Scalar("SELECT COUNT(*) FROM objects") > 0);
    }

    [Fact]
    public async Task Sql_in_a_text_filter_value_is_only_a_value()
    {
        foreach (var v in new[] { "x' OR '1'='1", "%", "_", "'; DROP TABLE objects; --", "!" })
        {
            using var r = await fx.Http.GetAsync($"/api/jobs/{J}/cells?filter=image_id:eq:{Uri.EscapeDataString(v)}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("\"total\":0", await r.Content.ReadAsStringAsync());
            using var c = await fx.Http.GetAsync($"/api/jobs/{J}/cells?filter=image_id:contains:{Uri.EscapeDataString(v)}");
            Assert.Contains("\"total\":0", await c.Content.ReadAsStringAsync());
        }
        Assert.True(fx.Scalar("SELECT COUNT(*) FROM objects") > 0);
    }

    [Theory]
    [InlineData("/api/jobs/Synth-N2DH/histogram?measure=rle")]
    [InlineData("/api/jobs/Synth-N2DH/histogram?measure=area)--")]
    [InlineData("/api/jobs/Synth-N2DH/histogram?bins=100000")]
    [InlineData("/api/jobs/Synth-N2DH/errors?size=1000000")]
    [InlineData("/api/jobs/Synth-N2DH/tracks?size=1000000")]
    [InlineData("/api/jobs/Synth-N2DH/frame/hit?image_id=Synth-N2DH/01/t0001&x=-1&y=3")]
    [InlineData("/api/jobs/Synth-N2DH/frame/hit?image_id=Synth-N2DH/01/t0001&x=9999&y=3")]
    [InlineData("/api/jobs/Synth-N2DH/timeseries")]
    public async Task Other_bad_parameters_are_refused_with_400(string url)
    {
        using var r = await fx.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("cancel")]
    public async Task Job_control_needs_the_token_and_serve_has_no_live_job(string action)
    {
        var url = $"/api/jobs/{J}/control/{action}";
        using (var none = await fx.Http.PostAsync(url, null)) Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        foreach (var wrong in new[] { "wrong", DashboardFixture.Token + "x", DashboardFixture.Token[..^1], "" })
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", wrong) } };
            using var r = await fx.Http.SendAsync(req);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        using (var basic = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", DashboardFixture.Token) } })
        using (var r = await fx.Http.SendAsync(basic)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var ok = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", DashboardFixture.Token) } })
        using (var r = await fx.Http.SendAsync(ok))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("no live job", await r.Content.ReadAsStringAsync());
        }
        using var get = await fx.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task A_live_job_control_is_reached_only_with_the_token()
    {
        var control = new FakeJobControl(J);
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions
        {
            Database = new SqliteDashboardDatabase(fx.DatabasePath), Http = "127.0.0.1:0", JobControl = control,
        });
        Assert.True(host.TokenGenerated);
        Assert.True(host.Token.Length >= 40);
        using var http = new HttpClient { BaseAddress = host.Url };
        using (var r = await http.PostAsync($"/api/jobs/{J}/control/pause", null)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Empty(control.Calls);
        using (var req = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{J}/control/pause") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", host.Token) } })
        using (var r = await http.SendAsync(req))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("\"state\":\"paused\"", await r.Content.ReadAsStringAsync());
        }
        Assert.Equal(["pause " + J], control.Calls);
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/other/control/cancel") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", host.Token) } })
        using (var r = await http.SendAsync(req)) Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);

        var detail = await http.GetStringAsync($"/api/jobs/{J}");
        Assert.Contains("\"state\":\"paused\"", detail);
        Assert.Contains("worker-1", detail);
        Assert.Contains("\"live\":true", await http.GetStringAsync("/api/jobs"));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_loopback_server_answers_only_to_loopback_host_names(string host)
    {
        var (status, _) = await Raw(fx.Host.Url, "/api/jobs", host);
        Assert.Equal(400, status);
        var (ok, _) = await Raw(fx.Host.Url, "/api/jobs", "localhost:" + fx.Host.Url.Port);
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task Read_endpoints_accept_no_writes()
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            using var r = await fx.Http.SendAsync(new HttpRequestMessage(method, $"/api/jobs/{J}/cells"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        }
    }

    [Fact]
    public void The_default_bind_is_loopback_and_names_are_refused()
    {
        Assert.True(IPAddress.IsLoopback(DashboardHost.ParseEndpoint(DashboardHostOptions.DefaultHttp).Address));
        Assert.Equal(8050, DashboardHost.ParseEndpoint("http://localhost:8050").Port);
        Assert.Throws<ArgumentException>(() => DashboardHost.ParseEndpoint("example.com:80"));
        Assert.Throws<ArgumentException>(() => DashboardHost.ParseEndpoint("127.0.0.1"));
    }

    private sealed class FakeJobControl(string job) : IJobControl
    {
        private string _state = "running";

        public List<string> Calls { get; } = [];

        public bool IsLive(string j) => j == job;

        public LiveJobState? Live(string j) => j == job ? new LiveJobState(_state, [new MemberLoad("akka.tcp://cellactors@10.0.0.1:4053/worker-1", "detector", 2, 4, 12.5)]) : null;

        public Task<JobControlOutcome> PauseAsync(string j, CancellationToken cancellationToken) => Do("pause", j, "paused");

        public Task<JobControlOutcome> ResumeAsync(string j, CancellationToken cancellationToken) => Do("resume", j, "running");

        public Task<JobControlOutcome> CancelAsync(string j, CancellationToken cancellationToken) => Do("cancel", j, "cancelled");

        private Task<JobControlOutcome> Do(string action, string j, string state)
        {
            lock (Calls) Calls.Add(action + " " + j);
            _state = state;
            return Task.FromResult(new JobControlOutcome(true, state, action + " accepted"));
        }
    }
}
