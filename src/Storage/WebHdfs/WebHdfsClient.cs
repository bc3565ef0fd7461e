using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace CellActors.Storage.WebHdfs;

/// <summary>
/// A WebHDFS REST client over <see cref="HttpClient"/> for one namenode (Hadoop's documented protocol:
/// <c>http://namenode:port/webhdfs/v1/PATH?op=...</c>). Operations: <c>GETFILESTATUS</c>, <c>LISTSTATUS</c> (paged with
/// <c>LISTSTATUS_BATCH</c>/<c>startAfter</c> where the server supports it, else one <c>LISTSTATUS</c>), <c>OPEN</c> with offset and
/// length, <c>CREATE</c> and <c>APPEND</c> in the documented two steps (the namenode answers 307 with a datanode
/// <c>Location</c>; the data goes there), <c>MKDIRS</c>, <c>RENAME</c>, <c>DELETE</c>.
/// </summary>
/// <remarks>
/// <para>Authentication: <c>delegation=TOKEN</c> when a token is set, else <c>user.name=USER</c> when a user is set (security off).
/// Kerberos SPNEGO is not implemented: on a secured cluster obtain a delegation token first.</para>
/// <para>Redirects are followed by the client itself (not by <see cref="HttpClient"/>), so each step is checked, errors name
/// the datanode when a datanode cannot be reached, and a retry starts again at the namenode (which may pick another datanode).</para>
/// <para>Retries (Polly): transient failures — refused/reset connections, a connection dropped mid-transfer, timeouts,
/// HTTP 408/429/502/503/504, <c>StandbyException</c>, <c>RetriableException</c> — are retried with exponential back-off and jitter.
/// A read that was cut off resumes at the first byte not yet received. <c>CREATE</c> (always with <c>overwrite=true</c>) is
/// retried whole; the data step of <c>APPEND</c> is never retried (it could append twice). Errors come from the
/// RemoteException JSON: <see cref="WebHdfsFileNotFoundException"/>, <see cref="WebHdfsAccessDeniedException"/>, else
/// <see cref="WebHdfsException"/>, each naming the location and the operation.</para>
/// <para>Every member has a synchronous form where synchronous callers need it (TIFF parsing): it uses
/// <see cref="HttpClient.Send(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>, never sync-over-async.</para>
/// </remarks>
public sealed class WebHdfsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebHdfsOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly string _prefix;
    private int _batchListing; // 0 unknown, 1 supported, -1 not supported
    private long _bytesRead;
    private long _requests;
    private long _retries;

    /// <summary>Creates a client for the namenode at <paramref name="endpoint"/> (e.g. <c>http://namenode:9870</c>).</summary>
    /// <param name="endpoint">Namenode WebHDFS base URL.</param>
    /// <param name="options">User, token, timeouts, retries.</param>
    /// <param name="locationPrefix">How locations are written in messages (e.g. <c>hdfs://namenode:8020</c>); default the endpoint as <c>webhdfs://</c>.</param>
    public WebHdfsClient(Uri endpoint, WebHdfsOptions options, string? locationPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Endpoint = endpoint;
        _prefix = locationPrefix ?? $"{(endpoint.Scheme == "https" ? "swebhdfs" : "webhdfs")}://{endpoint.Authority}";
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("CellActors-WebHDFS/1.0");
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(options.Retries > 0 && args.Outcome.Exception is { } ex && IsTransient(ex)),
                OnRetry = _ => { Interlocked.Increment(ref _retries); return ValueTask.CompletedTask; },
            })
            .Build();
    }

    /// <summary>The namenode's WebHDFS base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>File bytes received by <c>OPEN</c> reads so far (payload only, not headers or JSON).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>HTTP requests sent so far (each redirect step counts).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Retries made so far after transient failures.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>True when an exception is worth retrying.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        WebHdfsException w => w.IsTransient,
        WebHdfsFileNotFoundException or WebHdfsAccessDeniedException => false,
        HttpRequestException => true,
        TimeoutException => true,
        IOException => true, // connection reset or dropped mid-body (HttpIOException)
        _ => false,
    };

    // ---------------------------------------------------------------- metadata

    /// <summary><c>GETFILESTATUS</c>.</summary>
    public Task<WebHdfsFileStatus> GetFileStatusAsync(string path, CancellationToken ct = default) =>
        Run(path, "GETFILESTATUS", ct, false, async (token, sync) => ParseStatus(await JsonAsync(HttpMethod.Get, path, "GETFILESTATUS", [], token, sync).ConfigureAwait(false), "FileStatus")).AsTask();

    /// <summary><c>GETFILESTATUS</c>, synchronously.</summary>
    public WebHdfsFileStatus GetFileStatus(string path) =>
        Run(path, "GETFILESTATUS", default, true, async (token, sync) => ParseStatus(await JsonAsync(HttpMethod.Get, path, "GETFILESTATUS", [], token, sync).ConfigureAwait(false), "FileStatus")).GetAwaiter().GetResult();

    /// <summary>The children of a folder (every page of a paged listing), in the server's order.</summary>
    public Task<IReadOnlyList<WebHdfsFileStatus>> ListStatusAsync(string path, CancellationToken ct = default) => ListCore(path, false, ct).AsTask();

    /// <summary>The children of a folder, synchronously.</summary>
    public IReadOnlyList<WebHdfsFileStatus> ListStatus(string path) => ListCore(path, true, default).GetAwaiter().GetResult();

    private async ValueTask<IReadOnlyList<WebHdfsFileStatus>> ListCore(string path, bool sync, CancellationToken ct)
    {
        if (Volatile.Read(ref _batchListing) >= 0)
        {
            try
            {
                var all = new List<WebHdfsFileStatus>();
                string? after = null;
                while (true)
                {
                    var args = after is null ? Array.Empty<(string, string)>() : [("startAfter", after)];
                    var doc = await Run(path, "LISTSTATUS_BATCH", ct, sync, (token, s) => JsonAsync(HttpMethod.Get, path, "LISTSTATUS_BATCH", args, token, s)).ConfigureAwait(false);
                    var listing = doc.RootElement.GetProperty("DirectoryListing");
                    var page = ParseList(listing.GetProperty("partialListing"));
                    all.AddRange(page);
                    Volatile.Write(ref _batchListing, 1);
                    long remaining = listing.TryGetProperty("remainingEntries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;
                    if (remaining <= 0 || page.Count == 0) return all;
                    after = page[^1].PathSuffix;
                }
            }
            catch (WebHdfsException e) when (e.Error.StatusCode == 400 && Volatile.Read(ref _batchListing) == 0 &&
                                             e.Error.Exception is "IllegalArgumentException" or "UnsupportedOperationException" or null)
            {
                Volatile.Write(ref _batchListing, -1); // an older namenode (Hadoop 2.x) or a proxy without LISTSTATUS_BATCH
            }
            catch (KeyNotFoundException)
            {
                Volatile.Write(ref _batchListing, -1);
            }
        }
        var full = await Run(path, "LISTSTATUS", ct, sync, (token, s) => JsonAsync(HttpMethod.Get, path, "LISTSTATUS", [], token, s)).ConfigureAwait(false);
        return ParseList(full.RootElement);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>
    /// <c>OPEN</c> with <c>offset</c> and <c>length</c>: fills <paramref name="buffer"/> with the file's bytes from <paramref name="offset"/>
    /// and returns how many were read (fewer only at the end of the file). A transfer cut off is resumed where it stopped.
    /// </summary>
    public int Read(string path, long offset, Memory<byte> buffer) => ReadCore(path, offset, buffer, true, default).GetAwaiter().GetResult();

    /// <summary>Asynchronous <see cref="Read"/>.</summary>
    public Task<int> ReadAsync(string path, long offset, Memory<byte> buffer, CancellationToken ct = default) => ReadCore(path, offset, buffer, false, ct).AsTask();

    private async ValueTask<int> ReadCore(string path, long offset, Memory<byte> buffer, bool sync, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (buffer.Length == 0) return 0;
        int got = 0;
        await Run(path, "OPEN", ct, sync, async (token, s) =>
        {
            var args = new[]
            {
                ("offset", (offset + got).ToString(CultureInfo.InvariantCulture)),
                ("length", (buffer.Length - got).ToString(CultureInfo.InvariantCulture)),
            };
            using var resp = await Redirected(HttpMethod.Get, path, "OPEN", args, null, token, s).ConfigureAwait(false);
            using var reg = token.Register(static r => ((HttpResponseMessage)r!).Dispose(), resp);
            var body = s ? resp.Content.ReadAsStream(token) : await resp.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            using (body)
            {
                while (got < buffer.Length)
                {
                    int n = s ? body.Read(buffer.Span[got..]) : await body.ReadAsync(buffer[got..], token).ConfigureAwait(false);
                    if (n == 0) break;
                    got += n;
                    Interlocked.Add(ref _bytesRead, n);
                }
                if (got == buffer.Length)
                {
                    // Read the end of the body (the last chunk of a chunked answer), so the connection goes back to the pool.
                    var end = new byte[1];
                    _ = s ? body.Read(end) : await body.ReadAsync(end, token).ConfigureAwait(false);
                }
            }
            return got;
        }).ConfigureAwait(false);
        return got;
    }

    /// <summary>Copies a whole file (or the part from <paramref name="offset"/>) into <paramref name="destination"/>, in ranged reads of 8 MiB that resume after a dropped connection.</summary>
    public async Task CopyToAsync(string path, Stream destination, long offset = 0, CancellationToken ct = default)
    {
        var status = await GetFileStatusAsync(path, ct).ConfigureAwait(false);
        var buf = new byte[(int)Math.Min(8L << 20, Math.Max(1, status.Length))];
        for (long pos = offset; pos < status.Length;)
        {
            int n = await ReadAsync(path, pos, buf.AsMemory(0, (int)Math.Min(buf.Length, status.Length - pos)), ct).ConfigureAwait(false);
            if (n == 0) break;
            await destination.WriteAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
            pos += n;
        }
    }

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// <c>CREATE</c> (<c>overwrite=true</c> unless told otherwise): step 1 asks the namenode, which answers 307 with a datanode
    /// <c>Location</c>; step 2 sends <paramref name="content"/> there. A seekable <paramref name="content"/> is rewound and the
    /// whole operation retried after a transient failure.
    /// </summary>
    public Task CreateAsync(string path, Stream content, bool overwrite = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        long start = content.CanSeek ? content.Position : 0;
        var args = new[] { ("overwrite", overwrite ? "true" : "false") };
        if (!content.CanSeek)
            return Once(HttpMethod.Put, path, "CREATE", args, content, ct);
        return Run(path, "CREATE", ct, false, async (token, s) =>
        {
            content.Position = start;
            using var resp = await Redirected(HttpMethod.Put, path, "CREATE", args, content, token, s).ConfigureAwait(false);
            return true;
        }).AsTask();
    }

    /// <summary><c>APPEND</c>: the namenode step is retried on transient failures, the data step is not (it could append twice).</summary>
    public Task AppendAsync(string path, Stream content, CancellationToken ct = default) =>
        Once(HttpMethod.Post, path, "APPEND", [], content, ct);

    private async Task Once(HttpMethod method, string path, string op, (string, string)[] args, Stream content, CancellationToken ct)
    {
        var location = await Run(path, op, ct, false, async (token, s) =>
        {
            using var nn = await Send(method, NamenodeUrl(path, op, args), null, token, s).ConfigureAwait(false);
            if (nn.StatusCode != HttpStatusCode.TemporaryRedirect || nn.Headers.Location is null)
                throw await Failure(nn, op, path, token, s).ConfigureAwait(false);
            return nn.Headers.Location;
        }).ConfigureAwait(false);
        using var cts = Attempt(ct);
        using var dn = await SendToDatanode(method, location, content, path, op, cts.Token, false).ConfigureAwait(false);
        if ((int)dn.StatusCode >= 300) throw await Failure(dn, op, path, cts.Token, false).ConfigureAwait(false);
    }

    /// <summary><c>MKDIRS</c> (creates missing parents); true when the folder exists afterwards.</summary>
    public Task<bool> MkdirsAsync(string path, CancellationToken ct = default) =>
        Run(path, "MKDIRS", ct, false, async (token, s) => Bool(await JsonAsync(HttpMethod.Put, path, "MKDIRS", [], token, s).ConfigureAwait(false))).AsTask();

    /// <summary><c>RENAME</c> to <paramref name="destination"/> (an absolute HDFS path); false when HDFS refused (e.g. the destination exists).</summary>
    public Task<bool> RenameAsync(string path, string destination, CancellationToken ct = default) =>
        Run(path, "RENAME", ct, false, async (token, s) =>
            Bool(await JsonAsync(HttpMethod.Put, path, "RENAME", [("destination", WebHdfsLocation.Normalize(destination))], token, s).ConfigureAwait(false))).AsTask();

    /// <summary><c>DELETE</c>; false when nothing was there.</summary>
    public Task<bool> DeleteAsync(string path, bool recursive = false, CancellationToken ct = default) =>
        Run(path, "DELETE", ct, false, async (token, s) =>
            Bool(await JsonAsync(HttpMethod.Delete, path, "DELETE", [("recursive", recursive ? "true" : "false")], token, s).ConfigureAwait(false))).AsTask();

    // ---------------------------------------------------------------- plumbing

    /// <summary>Runs one operation under the retry pipeline; in sync mode the attempt must complete synchronously.</summary>
    private async ValueTask<T> Run<T>(string path, string op, CancellationToken ct, bool sync, Func<CancellationToken, bool, ValueTask<T>> attempt)
    {
        async ValueTask<T> One(CancellationToken token)
        {
            using var cts = Attempt(token);
            try
            {
                return await attempt(cts.Token, sync).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not WebHdfsException && cts.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new WebHdfsException($"{Location(path)}: WebHDFS {op} timed out after {_options.RequestTimeout.TotalSeconds:0.#} s",
                    new WebHdfsError(op, Location(path), 0, null, null, "timeout"), isTransient: true, e);
            }
        }
        if (sync)
            return _retry.Execute(token => One(token).AsTask().GetAwaiter().GetResult(), ct);
        return await _retry.ExecuteAsync(One, ct).ConfigureAwait(false);
    }

    private CancellationTokenSource Attempt(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_options.RequestTimeout);
        return cts;
    }

    private string Location(string path) => _prefix + WebHdfsLocation.Normalize(path);

    private Uri NamenodeUrl(string path, string op, IEnumerable<(string Key, string Value)> args)
    {
        var sb = new StringBuilder();
        sb.Append(Endpoint.GetLeftPart(UriPartial.Authority)).Append("/webhdfs/v1");
        foreach (var seg in WebHdfsLocation.Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
            sb.Append('/').Append(Uri.EscapeDataString(seg));
        if (WebHdfsLocation.Normalize(path) == "/") sb.Append('/');
        sb.Append("?op=").Append(op);
        if (_options.DelegationToken is { } token) sb.Append("&delegation=").Append(Uri.EscapeDataString(token));
        else if (_options.User is { } user) sb.Append("&user.name=").Append(Uri.EscapeDataString(user));
        foreach (var (k, v) in args) sb.Append('&').Append(k).Append('=').Append(Uri.EscapeDataString(v));
        return new Uri(sb.ToString());
    }

    private async ValueTask<HttpResponseMessage> Send(HttpMethod method, Uri url, Stream? content, CancellationToken ct, bool sync)
    {
        var req = new HttpRequestMessage(method, url);
        if (content is not null) req.Content = new StreamContent(new NonClosingStream(content));
        else if (method == HttpMethod.Put || method == HttpMethod.Post) req.Content = new ByteArrayContent([]);
        if (req.Content is not null) req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        Interlocked.Increment(ref _requests);
        try
        {
            return sync ? _http.Send(req, HttpCompletionOption.ResponseHeadersRead, ct)
                        : await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        finally
        {
            if (content is null) req.Dispose();
        }
    }

    /// <summary>Namenode step then, on 307, the datanode step (with <paramref name="content"/>). Returns a successful response.</summary>
    private async ValueTask<HttpResponseMessage> Redirected(HttpMethod method, string path, string op, (string, string)[] args, Stream? content, CancellationToken ct, bool sync)
    {
        var nn = await Send(method, NamenodeUrl(path, op, args), null, ct, sync).ConfigureAwait(false);
        if (nn.StatusCode == HttpStatusCode.TemporaryRedirect && nn.Headers.Location is { } location)
        {
            nn.Dispose();
            var dn = await SendToDatanode(method, location, content, path, op, ct, sync).ConfigureAwait(false);
            if ((int)dn.StatusCode < 300) return dn;
            using (dn) throw await Failure(dn, op, path, ct, sync).ConfigureAwait(false);
        }
        if (content is null && (int)nn.StatusCode is >= 200 and < 300) return nn; // a server that answers from the namenode (e.g. a gateway)
        using (nn) throw await Failure(nn, op, path, ct, sync).ConfigureAwait(false);
    }

    private async ValueTask<HttpResponseMessage> SendToDatanode(HttpMethod method, Uri location, Stream? content, string path, string op, CancellationToken ct, bool sync)
    {
        if (!location.IsAbsoluteUri) location = new Uri(Endpoint, location);
        try
        {
            return await Send(method, location, content, ct, sync).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException se && se.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData)
        {
            throw new WebHdfsException(
                $"{Location(path)}: the namenode sent {op} to datanode {location.Authority}, whose name does not resolve on this machine ({se.Message}); " +
                "every machine that reads or writes HDFS must resolve the datanodes' hostnames (DNS or /etc/hosts; README, section HDFS)",
                new WebHdfsError(op, Location(path), 0, null, null, se.Message), isTransient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new WebHdfsException($"{Location(path)}: cannot reach datanode {location.Authority} for {op}: {e.Message}",
                new WebHdfsError(op, Location(path), 0, null, null, e.Message), isTransient: true, e);
        }
    }

    private async ValueTask<JsonDocument> JsonAsync(HttpMethod method, string path, string op, (string, string)[] args, CancellationToken ct, bool sync)
    {
        using var resp = await Send(method, NamenodeUrl(path, op, args), null, ct, sync).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode) throw await Failure(resp, op, path, ct, sync).ConfigureAwait(false);
        var body = await Body(resp, ct, sync).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new WebHdfsException($"{Location(path)}: WebHDFS {op} answered something that is not JSON ({e.Message})",
                new WebHdfsError(op, Location(path), (int)resp.StatusCode, null, null, Encoding.UTF8.GetString(body, 0, Math.Min(200, body.Length))), false, e);
        }
    }

    private static async ValueTask<byte[]> Body(HttpResponseMessage resp, CancellationToken ct, bool sync)
    {
        var ms = new MemoryStream();
        if (sync) resp.Content.ReadAsStream(ct).CopyTo(ms);
        else await resp.Content.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    private async ValueTask<Exception> Failure(HttpResponseMessage resp, string op, string path, CancellationToken ct, bool sync)
    {
        byte[] body;
        try
        {
            body = await Body(resp, ct, sync).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            body = [];
        }
        if (resp.StatusCode == HttpStatusCode.TemporaryRedirect)
            return new WebHdfsException($"{Location(path)}: WebHDFS {op} redirected without a Location header",
                new WebHdfsError(op, Location(path), 307, null, null, null), false);
        return WebHdfsErrors.FromResponse(op, Location(path), resp.StatusCode, body, _options.DelegationToken is null ? _options.User : null);
    }

    private static bool Bool(JsonDocument doc)
    {
        using (doc)
            return doc.RootElement.TryGetProperty("boolean", out var b) && b.ValueKind == JsonValueKind.True;
    }

    private static WebHdfsFileStatus ParseStatus(JsonDocument doc, string property)
    {
        using (doc) return Status(doc.RootElement.GetProperty(property));
    }

    private static List<WebHdfsFileStatus> ParseList(JsonElement root)
    {
        var list = new List<WebHdfsFileStatus>();
        foreach (var e in root.GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray()) list.Add(Status(e));
        return list;
    }

    private static WebHdfsFileStatus Status(JsonElement e) => new(
        e.TryGetProperty("pathSuffix", out var s) ? s.GetString() ?? "" : "",
        e.TryGetProperty("type", out var t) && t.GetString() == "DIRECTORY",
        e.TryGetProperty("length", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : 0,
        e.TryGetProperty("modificationTime", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0,
        e.TryGetProperty("owner", out var o) ? o.GetString() : null,
        e.TryGetProperty("permission", out var p) ? p.GetString() : null);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Lets <see cref="StreamContent"/> send a caller's stream without closing it (it is rewound for a retry).</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
