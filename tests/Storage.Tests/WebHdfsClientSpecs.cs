using CellActors.Storage.WebHdfs;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Storage.Tests;

/// <summary>The WebHDFS client against a test server that follows the documented REST protocol (namenode and datanode on separate loopback ports).</summary>
public sealed class WebHdfsClientSpecs : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private WebHdfsTestServer _server = null!;

    private static readonly WebHdfsOptions Fast = new() { User = "lab", RetryDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5), Retries = 4 };

    public async Task InitializeAsync() => _server = await WebHdfsTestServer.StartAsync(_tmp.Sub("hdfs"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _tmp.Dispose();
    }

    private WebHdfsClient Client(WebHdfsOptions? o = null) => new(new Uri($"http://127.0.0.1:{_server.NamenodePort}"), o ?? Fast);

    private string Local(string rel) => Path.Combine(_server.Root, rel);

    private static byte[] Bytes(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Create_follows_the_redirect_to_the_datanode_and_open_reads_ranges_back()
    {
        using var c = Client();
        var data = Bytes(300_000);
        await c.CreateAsync("/user/lab/a.bin", new MemoryStream(data));
        Assert.Equal(data, File.ReadAllBytes(Local("user/lab/a.bin")));
        Assert.Equal(1, _server.Operations["nn:CREATE"]);
        Assert.Equal(1, _server.Operations["dn:CREATE"]);

        var status = await c.GetFileStatusAsync("/user/lab/a.bin");
        Assert.False(status.IsDirectory);
        Assert.Equal(data.Length, status.Length);

        var buf = new byte[1000];
        Assert.Equal(1000, await c.ReadAsync("/user/lab/a.bin", 123_456, buf));
        Assert.Equal(data.AsSpan(123_456, 1000).ToArray(), buf);
        Assert.Equal(1000, _server.BytesSent);

        // Past the end: only what is there.
        var tail = new byte[500];
        Assert.Equal(100, c.Read("/user/lab/a.bin", data.Length - 100, tail));
        Assert.Equal(data.AsSpan(data.Length - 100).ToArray(), tail.AsSpan(0, 100).ToArray());
        Assert.Equal(2, _server.Operations["dn:OPEN"]);
    }

    [Fact]
    public async Task Append_mkdirs_rename_and_delete_do_what_hdfs_does()
    {
        using var c = Client();
        Assert.True(await c.MkdirsAsync("/x/y/z"));
        Assert.True(Directory.Exists(Local("x/y/z")));
        await c.CreateAsync("/x/y/z/f.txt", new MemoryStream("hello "u8.ToArray()));
        await c.AppendAsync("/x/y/z/f.txt", new MemoryStream("world"u8.ToArray()));
        Assert.Equal("hello world", File.ReadAllText(Local("x/y/z/f.txt")));

        Assert.True(await c.RenameAsync("/x/y/z/f.txt", "/x/g.txt"));
        Assert.False(File.Exists(Local("x/y/z/f.txt")));
        Assert.True(File.Exists(Local("x/g.txt")));
        Assert.False(await c.RenameAsync("/x/missing", "/x/h.txt")); // HDFS answers false, not an error

        var e = await Assert.ThrowsAsync<WebHdfsException>(() => c.DeleteAsync("/x", recursive: false));
        Assert.Contains("PathIsNotEmptyDirectoryException", e.Message);
        Assert.True(await c.DeleteAsync("/x", recursive: true));
        Assert.False(Directory.Exists(Local("x")));
        Assert.False(await c.DeleteAsync("/x", recursive: true));
    }

    [Fact]
    public async Task Listing_pages_through_a_large_folder_with_LISTSTATUS_BATCH()
    {
        Directory.CreateDirectory(Local("big"));
        for (int i = 0; i < 57; i++) File.WriteAllText(Local($"big/f{i:D3}.tif"), "x");
        Directory.CreateDirectory(Local("big/sub"));
        _server.ListBatchSize = 10;
        using var c = Client();
        var list = await c.ListStatusAsync("/big");
        Assert.Equal(58, list.Count);
        Assert.Equal(58, list.Select(s => s.PathSuffix).Distinct().Count());
        Assert.True(list.Single(s => s.PathSuffix == "sub").IsDirectory);
        Assert.Equal(6, _server.Operations["nn:LISTSTATUS_BATCH"]);
        Assert.False(_server.Operations.ContainsKey("nn:LISTSTATUS"));
    }

    [Fact]
    public async Task Listing_falls_back_to_LISTSTATUS_on_a_server_without_batches()
    {
        Directory.CreateDirectory(Local("d"));
        for (int i = 0; i < 5; i++) File.WriteAllText(Local($"d/{i}.png"), "x");
        _server.SupportsBatchListing = false;
        using var c = Client();
        Assert.Equal(5, (await c.ListStatusAsync("/d")).Count);
        Assert.Equal(5, c.ListStatus("/d").Count);
        Assert.Equal(1, _server.Operations["nn:LISTSTATUS_BATCH"]); // asked once, then remembered
        Assert.Equal(2, _server.Operations["nn:LISTSTATUS"]);
    }

    [Fact]
    public async Task RemoteException_errors_become_clear_exceptions_naming_the_location()
    {
        using var c = Client();
        var nf = await Assert.ThrowsAsync<WebHdfsFileNotFoundException>(() => c.GetFileStatusAsync("/no/such.tif"));
        Assert.Contains("webhdfs://127.0.0.1:", nf.Message);
        Assert.Contains("/no/such.tif", nf.Message);
        Assert.Contains("File does not exist", nf.Message);
        Assert.Equal(404, nf.Error.StatusCode);
        Assert.IsAssignableFrom<FileNotFoundException>(nf);
        Assert.Throws<WebHdfsFileNotFoundException>(() => c.Read("/no/such.tif", 0, new byte[10]));

        Directory.CreateDirectory(Local("secret"));
        File.WriteAllText(Local("secret/a.tif"), "x");
        _server.DeniedPrefix = "/secret";
        var denied = await Assert.ThrowsAsync<WebHdfsAccessDeniedException>(() => c.ListStatusAsync("/secret"));
        Assert.Contains("/secret", denied.Message);
        Assert.Contains("Permission denied", denied.Message);
        Assert.Contains("user 'lab'", denied.Message);
        Assert.Equal("AccessControlException", denied.Error.Exception);

        File.WriteAllText(Local("exists.txt"), "x");
        var exists = await Assert.ThrowsAsync<WebHdfsException>(() => c.CreateAsync("/exists.txt", new MemoryStream([1]), overwrite: false));
        Assert.Contains("FileAlreadyExistsException", exists.Message);
        Assert.False(exists.IsTransient);
    }

    [Fact]
    public async Task User_name_and_delegation_token_are_sent_as_the_protocol_says()
    {
        File.WriteAllText(Local("f.txt"), "x");
        _server.RequiredUser = "lab";
        using (var anonymous = Client(Fast with { User = null }))
        {
            var e = await Assert.ThrowsAsync<WebHdfsAccessDeniedException>(() => anonymous.GetFileStatusAsync("/f.txt"));
            Assert.Contains("SecurityException", e.Message);
        }
        using (var lab = Client())
        {
            Assert.Equal(1, (await lab.GetFileStatusAsync("/f.txt")).Length);
            Assert.Equal(("lab", (string?)null), _server.LastAuth);
        }

        _server.RequiredToken = "KAAKSm9i-token";
        using var withToken = Client(Fast with { User = "ignored", DelegationToken = "KAAKSm9i-token" });
        var buf = new byte[1];
        Assert.Equal(1, await withToken.ReadAsync("/f.txt", 0, buf)); // through the redirect too
        Assert.Equal(((string?)null, "KAAKSm9i-token"), _server.LastAuth);
        using var badToken = Client(Fast with { DelegationToken = "expired" });
        var t = await Assert.ThrowsAsync<WebHdfsAccessDeniedException>(() => badToken.GetFileStatusAsync("/f.txt"));
        Assert.Contains("InvalidToken", t.Message);
    }

    [Fact]
    public async Task Transient_503s_are_retried()
    {
        File.WriteAllText(Local("f.txt"), "abc");
        using var c = Client();
        _server.FailNextNamenodeRequests(3);
        Assert.Equal(3, (await c.GetFileStatusAsync("/f.txt")).Length);
        Assert.Equal(3, c.Retries);

        _server.FailNextNamenodeRequests(10);
        var e = await Assert.ThrowsAsync<WebHdfsException>(() => c.GetFileStatusAsync("/f.txt"));
        Assert.True(e.IsTransient);
        Assert.Contains("503", e.Message);
        _server.FailNextNamenodeRequests(0);
    }

    [Fact]
    public async Task A_connection_dropped_mid_read_is_resumed_where_it_stopped()
    {
        var data = Bytes(200_000, seed: 7);
        File.WriteAllBytes(Local("big.bin"), data);
        using var c = Client();
        _server.DropNextReads(2, afterBytes: 50_000);
        var buf = new byte[180_000];
        Assert.Equal(buf.Length, c.Read("/big.bin", 10_000, buf));
        Assert.Equal(data.AsSpan(10_000, 180_000).ToArray(), buf);
        Assert.Equal(2, c.Retries);
        Assert.Equal(3, _server.Operations["dn:OPEN"]);
        // Each attempt asks only for the bytes not yet received (offset and length move on), so nothing is read twice
        // beyond what the dropped connections lost in flight: at most 2 x 50,000 on top of the 180,000.
        Assert.InRange(_server.BytesSent, 180_000, 280_000);
        Assert.Equal(180_000, c.BytesRead);

        _server.DropNextReads(1, afterBytes: 1000);
        var again = new byte[5000];
        Assert.Equal(5000, await c.ReadAsync("/big.bin", 0, again));
        Assert.Equal(data.AsSpan(0, 5000).ToArray(), again);
    }

    [Fact]
    public async Task Hdfs_urls_are_mapped_to_the_webhdfs_port_and_bad_urls_are_refused_clearly()
    {
        var o = new WebHdfsOptions { HttpPort = _server.NamenodePort };
        var l = WebHdfsLocation.Parse("hdfs://127.0.0.1:8020/user//lab/ctc/", o);
        Assert.Equal($"http://127.0.0.1:{_server.NamenodePort}/", l.Endpoint.ToString());
        Assert.Equal("/user/lab/ctc", l.Path);
        Assert.Equal("hdfs://127.0.0.1:8020/user/lab/ctc", l.ToString());
        Assert.Equal(9870, WebHdfsLocation.Parse("webhdfs://nn/x", new WebHdfsOptions()).Endpoint.Port);
        Assert.Equal("https", WebHdfsLocation.Parse("swebhdfs://nn/x", new WebHdfsOptions()).Endpoint.Scheme);

        Assert.Contains("no namenode host", Assert.Throws<ArgumentException>(() => WebHdfsLocation.Parse("hdfs:///user/lab", o)).Message);
        Assert.Contains("not a port", Assert.Throws<ArgumentException>(() => WebHdfsLocation.Parse("webhdfs://nn:abc/x", o)).Message);
        var env = new Dictionary<string, string> { ["CELLACTORS_HDFS_RETRIES"] = "many" };
        Assert.Contains("CELLACTORS_HDFS_RETRIES", Assert.Throws<ArgumentException>(() => WebHdfsOptions.FromEnvironment(k => env.GetValueOrDefault(k))).Message);

        File.WriteAllText(Local("via-hdfs.txt"), "hdfs");
        using var storage = new WebHdfsStorage("hdfs://127.0.0.1:8020/", o with { User = "lab" });
        var entry = storage.Stat("hdfs://127.0.0.1:8020/via-hdfs.txt");
        Assert.NotNull(entry);
        Assert.Equal("hdfs://127.0.0.1:8020/via-hdfs.txt", entry.Location);
        Assert.Equal(4, entry.Length);
    }

    [Fact]
    public async Task An_unreachable_datanode_is_named_in_the_error()
    {
        File.WriteAllText(Local("f.txt"), "x");
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        _server.DatanodeAddress = $"127.0.0.1:{port}";
        using var c = Client(Fast with { Retries = 1 });
        var e = await Assert.ThrowsAsync<WebHdfsException>(() => c.ReadAsync("/f.txt", 0, new byte[1]));
        Assert.Contains($"datanode 127.0.0.1:{port}", e.Message);
        Assert.Contains("/f.txt", e.Message);
        Assert.Equal(1, c.Retries);
    }
}
