using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CellActors.TestSupport;

/// <summary>
/// A WebHDFS server for tests, following Hadoop's documented REST protocol (<c>/webhdfs/v1/PATH?op=...</c>) over a local
/// folder: a <b>namenode</b> listener answers metadata operations and redirects <c>OPEN</c>, <c>CREATE</c> and <c>APPEND</c>
/// with <c>307 Temporary Redirect</c> to a separate <b>datanode</b> listener (another port on 127.0.0.1) that moves the
/// bytes. File data is sent chunked (no Content-Length). Errors are RemoteException JSON with Hadoop's status codes.
/// </summary>
/// <remarks>
/// Supported: GETFILESTATUS, LISTSTATUS, LISTSTATUS_BATCH (with <c>startAfter</c>; batch size <see cref="ListBatchSize"/>, or
/// refused like Hadoop 2 when <see cref="SupportsBatchListing"/> is false), OPEN (offset, length), CREATE (overwrite), APPEND,
/// MKDIRS, RENAME, DELETE (recursive). Authentication: when <see cref="RequiredUser"/> or <see cref="RequiredToken"/> is set,
/// a request must carry that <c>user.name</c> or <c>delegation</c>. Fault injection: <see cref="FailNextNamenodeRequests"/>
/// (transient 503s), <see cref="DropNextReads"/> (a datanode connection dropped mid-read), <see cref="DeniedPrefix"/>
/// (AccessControlException). Counters: <see cref="BytesSent"/> (file bytes the datanode sent for OPEN) and request counts.
/// Binds 127.0.0.1 on free ports; <see cref="DisposeAsync"/> stops it. Built on <see cref="HttpListener"/> (no ASP.NET Core),
/// so test projects that also start the real <c>cellactors</c> executable from their output folder keep its dependencies intact.
/// </remarks>
public sealed class WebHdfsTestServer : IAsyncDisposable
{
    private readonly string _root;
    private Listener? _namenode;
    private Listener? _datanode;
    private long _bytesSent;
    private long _bytesReceived;
    private int _failNamenode;
    private int _dropReads;
    private long _dropAfter;
    private readonly ConcurrentDictionary<string, int> _ops = new(StringComparer.Ordinal);

    private WebHdfsTestServer(string root) => _root = Path.GetFullPath(root);

    /// <summary>Starts a server over the folder <paramref name="root"/> (HDFS path <c>/x</c> is <c>root/x</c>).</summary>
    public static Task<WebHdfsTestServer> StartAsync(string root)
    {
        Directory.CreateDirectory(root);
        var s = new WebHdfsTestServer(root);
        s._datanode = Listener.Start(s.Datanode);
        s.DatanodePort = s._datanode.Port;
        s._namenode = Listener.Start(s.Namenode);
        s.NamenodePort = s._namenode.Port;
        return Task.FromResult(s);
    }

    /// <summary>The folder served.</summary>
    public string Root => _root;

    /// <summary>The namenode's port on 127.0.0.1.</summary>
    public int NamenodePort { get; private set; }

    /// <summary>The datanode's port on 127.0.0.1.</summary>
    public int DatanodePort { get; private set; }

    /// <summary><c>webhdfs://127.0.0.1:port</c> + <paramref name="path"/>.</summary>
    public string Url(string path = "/") => $"webhdfs://127.0.0.1:{NamenodePort}/{path.TrimStart('/')}";

    /// <summary>Batch size of LISTSTATUS_BATCH (Hadoop's <c>dfs.ls.limit</c>, 1000 by default there).</summary>
    public int ListBatchSize { get; set; } = 1000;

    /// <summary>False: LISTSTATUS_BATCH is refused with 400 IllegalArgumentException, as by Hadoop 2.x.</summary>
    public bool SupportsBatchListing { get; set; } = true;

    /// <summary>When set, requests must carry <c>user.name</c> equal to this (or the token); others get 401 SecurityException.</summary>
    public string? RequiredUser { get; set; }

    /// <summary>When set, <c>delegation</c> equal to this is accepted (and any other token refused with 403 InvalidToken).</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The <c>host:port</c> redirects send clients to (default: the datanode listener); tests point it elsewhere to play an unreachable datanode.</summary>
    public string? DatanodeAddress { get; set; }

    /// <summary>Paths under this prefix are refused with 403 AccessControlException.</summary>
    public string? DeniedPrefix { get; set; }

    /// <summary>File bytes sent by the datanode for OPEN.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>File bytes received by the datanode for CREATE and APPEND.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Requests per operation, namenode and datanode together (e.g. <c>nn:OPEN</c>, <c>dn:OPEN</c>).</summary>
    public IReadOnlyDictionary<string, int> Operations => _ops;

    /// <summary>The last <c>user.name</c> and <c>delegation</c> seen.</summary>
    public (string? User, string? Token) LastAuth { get; private set; }

    /// <summary>The next <paramref name="count"/> namenode requests get 503 Service Unavailable.</summary>
    public void FailNextNamenodeRequests(int count) => Interlocked.Exchange(ref _failNamenode, count);

    /// <summary>The next <paramref name="count"/> datanode reads send <paramref name="afterBytes"/> bytes, then drop the connection.</summary>
    public void DropNextReads(int count, long afterBytes)
    {
        Interlocked.Exchange(ref _dropAfter, afterBytes);
        Interlocked.Exchange(ref _dropReads, count);
    }

    /// <summary>Sets the byte and request counters to zero.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _bytesReceived, 0);
        _ops.Clear();
    }

    private void Count(string key) => _ops.AddOrUpdate(key, 1, (_, n) => n + 1);

    // ------------------------------------------------------------------ namenode

    private async Task Namenode(HttpContext ctx)
    {
        if (!Parse(ctx, out var op, out var hdfsPath, out var local)) { await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", $"Invalid path {ctx.Path}"); return; }
        Count("nn:" + op);
        if (Interlocked.Decrement(ref _failNamenode) >= 0)
        {
            await Text(ctx, 503, "Service Unavailable (injected)");
            return;
        }
        if (!await Authorised(ctx, hdfsPath)) return;
        switch (op)
        {
            case "GETFILESTATUS":
                if (!Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                await Json(ctx, new Dictionary<string, object> { ["FileStatus"] = Status(local, "") });
                return;
            case "LISTSTATUS":
                if (!Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                await Json(ctx, new Dictionary<string, object> { ["FileStatuses"] = new Dictionary<string, object> { ["FileStatus"] = Children(local).Select(c => Status(c, Path.GetFileName(c))).ToArray() } });
                return;
            case "LISTSTATUS_BATCH":
            {
                if (!SupportsBatchListing)
                {
                    await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
                        "Invalid value for webhdfs parameter \"op\": No enum constant org.apache.hadoop.hdfs.web.resources.GetOpParam.Op.LISTSTATUS_BATCH");
                    return;
                }
                if (!Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                string? after = ctx.Query("startAfter");
                var all = Children(local).Select(c => Path.GetFileName(c)).ToList();
                var rest = after is null ? all : all.Where(n => string.CompareOrdinal(n, after) > 0).ToList();
                var page = rest.Take(ListBatchSize).ToList();
                await Json(ctx, new Dictionary<string, object>
                {
                    ["DirectoryListing"] = new Dictionary<string, object>
                    {
                        ["partialListing"] = new Dictionary<string, object> { ["FileStatuses"] = new Dictionary<string, object> { ["FileStatus"] = page.Select(n => Status(Path.Combine(local, n), n)).ToArray() } },
                        ["remainingEntries"] = rest.Count - page.Count,
                    },
                });
                return;
            }
            case "OPEN":
                if (!File.Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                Redirect(ctx);
                return;
            case "CREATE":
                if (Directory.Exists(local)) { await Error(ctx, 403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", $"{hdfsPath} already exists as a directory"); return; }
                if (File.Exists(local) && !string.Equals(ctx.Query("overwrite"), "true", StringComparison.OrdinalIgnoreCase))
                { await Error(ctx, 403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", $"{hdfsPath} for client 127.0.0.1 already exists"); return; }
                Redirect(ctx);
                return;
            case "APPEND":
                if (!File.Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                Redirect(ctx);
                return;
            case "MKDIRS":
                if (File.Exists(local)) { await Error(ctx, 403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", $"Path is not a directory: {hdfsPath}"); return; }
                Directory.CreateDirectory(local);
                await Json(ctx, new Dictionary<string, object> { ["boolean"] = true });
                return;
            case "RENAME":
            {
                string? dest = ctx.Query("destination");
                if (dest is null || !dest.StartsWith('/')) { await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", "Invalid value for webhdfs parameter \"destination\""); return; }
                if (!ToLocal(dest, out var destLocal)) { await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", "Invalid destination"); return; }
                bool ok = Exists(local) && !Exists(destLocal) && Directory.Exists(Path.GetDirectoryName(destLocal));
                if (ok)
                {
                    if (File.Exists(local)) File.Move(local, destLocal);
                    else Directory.Move(local, destLocal);
                }
                await Json(ctx, new Dictionary<string, object> { ["boolean"] = ok });
                return;
            }
            case "DELETE":
            {
                bool recursive = string.Equals(ctx.Query("recursive"), "true", StringComparison.OrdinalIgnoreCase);
                bool ok = false;
                if (File.Exists(local)) { File.Delete(local); ok = true; }
                else if (Directory.Exists(local))
                {
                    if (!recursive && Directory.EnumerateFileSystemEntries(local).Any())
                    { await Error(ctx, 403, "PathIsNotEmptyDirectoryException", "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException", $"`{hdfsPath} is non empty': Directory is not empty"); return; }
                    Directory.Delete(local, recursive);
                    ok = true;
                }
                await Json(ctx, new Dictionary<string, object> { ["boolean"] = ok });
                return;
            }
            default:
                await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", $"Invalid value for webhdfs parameter \"op\": No enum constant {op}");
                return;
        }
    }

    private void Redirect(HttpContext ctx)
    {
        var location = $"http://{DatanodeAddress ?? $"127.0.0.1:{DatanodePort}"}{ctx.Request.Url!.PathAndQuery}&namenoderpcaddress=127.0.0.1:{NamenodePort}";
        ctx.Response.StatusCode = 307;
        ctx.Response.RedirectLocation = location;
        ctx.Response.ContentLength64 = 0;
    }

    // ------------------------------------------------------------------ datanode

    private async Task Datanode(HttpContext ctx)
    {
        if (!Parse(ctx, out var op, out var hdfsPath, out var local)) { await Text(ctx, 400, "bad path"); return; }
        Count("dn:" + op);
        if (!await Authorised(ctx, hdfsPath)) return;
        switch (op)
        {
            case "OPEN":
            {
                if (!File.Exists(local)) { await NotFound(ctx, hdfsPath); return; }
                await using var fs = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                long offset = Long(ctx, "offset") ?? 0;
                if (offset > fs.Length)
                { await Error(ctx, 403, "IOException", "java.io.IOException", $"Offset={offset} out of the range [0, {fs.Length}); OPEN, path={hdfsPath}"); return; }
                long length = Math.Min(Long(ctx, "length") ?? long.MaxValue, fs.Length - offset);
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/octet-stream";
                bool drop = Interlocked.Decrement(ref _dropReads) >= 0;
                // Normal reads are chunked. A read that will be dropped declares its full length instead: HttpListener ends an
                // aborted chunked body with a proper last chunk, which a client could not tell from a complete answer.
                if (drop) ctx.Response.ContentLength64 = length;
                else ctx.Response.SendChunked = true;
                long dropAfter = drop ? Math.Min(Interlocked.Read(ref _dropAfter), Math.Max(0, length - 1)) : long.MaxValue;
                fs.Position = offset;
                var buf = new byte[64 * 1024];
                long sent = 0;
                while (sent < length)
                {
                    int want = (int)Math.Min(buf.Length, Math.Min(length - sent, dropAfter - sent));
                    if (want <= 0) break;
                    int n = await fs.ReadAsync(buf.AsMemory(0, want));
                    if (n == 0) break;
                    Interlocked.Add(ref _bytesSent, n); // counted before the write completes: the client may already have the bytes when it does
                    await ctx.Response.OutputStream.WriteAsync(buf.AsMemory(0, n));
                    sent += n;
                }
                if (drop)
                {
                    await ctx.Response.OutputStream.FlushAsync();
                    await Task.Delay(50); // let the bytes leave before the connection goes away mid-transfer
                    ctx.Abort();
                    return;
                }
                return;
            }
            case "CREATE":
            case "APPEND":
            {
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await using (var fs = new FileStream(local, op == "CREATE" ? FileMode.Create : FileMode.Append, FileAccess.Write))
                {
                    var buf = new byte[64 * 1024];
                    int n;
                    while ((n = await ctx.Request.InputStream.ReadAsync(buf)) > 0)
                    {
                        await fs.WriteAsync(buf.AsMemory(0, n));
                        Interlocked.Add(ref _bytesReceived, n);
                    }
                }
                if (op == "CREATE")
                {
                    ctx.Response.StatusCode = 201;
                    ctx.Response.Headers["Location"] = $"webhdfs://127.0.0.1:{NamenodePort}{hdfsPath}";
                }
                else ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = 0;
                return;
            }
            default:
                await Error(ctx, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", $"Invalid value for webhdfs parameter \"op\": {op} is not a datanode operation");
                return;
        }
    }

    // ------------------------------------------------------------------ helpers

    private bool Parse(HttpContext ctx, out string op, out string hdfsPath, out string local)
    {
        op = (ctx.Query("op") ?? "").ToUpperInvariant();
        hdfsPath = "/";
        local = _root;
        var p = ctx.Path;
        if (!p.StartsWith("/webhdfs/v1", StringComparison.Ordinal)) return false;
        hdfsPath = "/" + p["/webhdfs/v1".Length..].Trim('/');
        return ToLocal(hdfsPath, out local);
    }

    private bool ToLocal(string hdfsPath, out string local)
    {
        var parts = hdfsPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        local = parts.Length == 0 ? _root : Path.Combine(_root, Path.Combine(parts));
        return !parts.Any(x => x is "." or "..");
    }

    private async Task<bool> Authorised(HttpContext ctx, string hdfsPath)
    {
        string? user = ctx.Query("user.name");
        string? token = ctx.Query("delegation");
        LastAuth = (user, token);
        if (RequiredToken is not null && token is not null && token != RequiredToken)
        {
            await Error(ctx, 403, "InvalidToken", "org.apache.hadoop.security.token.SecretManager$InvalidToken", "token is expired or doesn't exist");
            return false;
        }
        bool tokenOk = RequiredToken is not null && token == RequiredToken;
        if ((RequiredUser is not null || RequiredToken is not null) && !tokenOk && (RequiredUser is null || user != RequiredUser))
        {
            await Error(ctx, 401, "SecurityException", "java.lang.SecurityException", "Failed to obtain user group information: no user.name given or not authorised");
            return false;
        }
        if (DeniedPrefix is not null && (hdfsPath + "/").StartsWith(DeniedPrefix.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            await Error(ctx, 403, "AccessControlException", "org.apache.hadoop.security.AccessControlException",
                $"Permission denied: user={user ?? "dr.who"}, access=READ_EXECUTE, inode=\"{hdfsPath}\":hdfs:supergroup:drwx------");
            return false;
        }
        return true;
    }

    private static long? Long(HttpContext ctx, string name) =>
        long.TryParse(ctx.Query(name), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static bool Exists(string local) => File.Exists(local) || Directory.Exists(local);

    private static IEnumerable<string> Children(string local)
    {
        if (File.Exists(local)) return [local];
        var all = Directory.EnumerateFileSystemEntries(local).ToList();
        all.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return all;
    }

    private static Dictionary<string, object> Status(string local, string suffix)
    {
        bool dir = Directory.Exists(local);
        long mtime = new DateTimeOffset(dir ? Directory.GetLastWriteTimeUtc(local) : File.GetLastWriteTimeUtc(local)).ToUnixTimeMilliseconds();
        return new Dictionary<string, object>
        {
            ["accessTime"] = dir ? 0 : mtime,
            ["blockSize"] = dir ? 0 : 134217728,
            ["childrenNum"] = dir ? Directory.EnumerateFileSystemEntries(local).Count() : 0,
            ["fileId"] = Math.Abs(local.GetHashCode(StringComparison.Ordinal)),
            ["group"] = "supergroup",
            ["length"] = dir ? 0 : new FileInfo(local).Length,
            ["modificationTime"] = mtime,
            ["owner"] = "lab",
            ["pathSuffix"] = suffix,
            ["permission"] = dir ? "755" : "644",
            ["replication"] = dir ? 0 : 2,
            ["storagePolicy"] = 0,
            ["type"] = dir ? "DIRECTORY" : "FILE",
        };
    }

    private static async Task Json(HttpContext ctx, object value)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.SendChunked = true; // no Content-Length: sent chunked, like Hadoop's namenode
        await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
    }

    private static async Task Text(HttpContext ctx, int status, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain";
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
    }

    private static Task NotFound(HttpContext ctx, string hdfsPath) =>
        Error(ctx, 404, "FileNotFoundException", "java.io.FileNotFoundException", $"File does not exist: {hdfsPath}");

    private static async Task Error(HttpContext ctx, int status, string exception, string javaClass, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["RemoteException"] = new Dictionary<string, string> { ["exception"] = exception, ["javaClassName"] = javaClass, ["message"] = message },
        }));
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_namenode is not null) await _namenode.DisposeAsync().ConfigureAwait(false);
        if (_datanode is not null) await _datanode.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>One HTTP listener on a free 127.0.0.1 port, each request handled on its own task.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly HttpListener _http;
        private readonly Task _loop;

        private Listener(HttpListener http, int port, Func<HttpContext, Task> handler)
        {
            _http = http;
            Port = port;
            _loop = Task.Run(async () =>
            {
                while (_http.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _http.GetContextAsync().ConfigureAwait(false); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                    _ = Task.Run(async () =>
                    {
                        var c = new HttpContext(ctx);
                        try { await handler(c).ConfigureAwait(false); c.Complete(); }
                        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { /* the client went away */ }
                    });
                }
            });
        }

        public int Port { get; }

        public static Listener Start(Func<HttpContext, Task> handler)
        {
            for (int attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var http = new HttpListener();
                http.Prefixes.Add($"http://127.0.0.1:{port}/");
                try
                {
                    http.Start();
                    return new Listener(http, port, handler);
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    http.Close(); // the port was taken in between: try another
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Stop();
            _http.Close();
            try { await _loop.ConfigureAwait(false); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    /// <summary>The few request/response members the handlers use, over <see cref="HttpListenerContext"/>.</summary>
    private sealed class HttpContext(HttpListenerContext ctx)
    {
        private bool _aborted;

        public HttpListenerRequest Request => ctx.Request;

        public HttpListenerResponse Response => ctx.Response;

        public string? Query(string name) => ctx.Request.QueryString[name];

        /// <summary>The decoded path.</summary>
        public string Path => Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);

        public void Abort()
        {
            _aborted = true;
            ctx.Response.Abort();
        }

        public void Complete()
        {
            if (!_aborted) ctx.Response.Close();
        }
    }
}
