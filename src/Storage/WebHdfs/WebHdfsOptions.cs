using System.Globalization;

namespace CellActors.Storage.WebHdfs;

/// <summary>
/// How this process talks to HDFS through WebHDFS. Every process that reads or writes HDFS (the one-process
/// <c>run</c>, a coordinator, each worker) needs the same settings; <see cref="FromEnvironment"/> reads them from
/// environment variables (see the README section "HDFS").
/// </summary>
public sealed record WebHdfsOptions
{
    /// <summary>Simple authentication: sent as <c>user.name</c> (ignored when a delegation token is set). Default: <c>HADOOP_USER_NAME</c>, else none.</summary>
    public string? User { get; init; }

    /// <summary>A Hadoop delegation token (URL-safe string from <c>GETDELEGATIONTOKEN</c> / <c>hdfs fetchdt</c>), sent as <c>delegation</c>.</summary>
    public string? DelegationToken { get; init; }

    /// <summary>The namenode's WebHDFS HTTP port used for <c>hdfs://host:rpcport/path</c> locations (the RPC port is not WebHDFS). Default 9870 (Hadoop 3).</summary>
    public int HttpPort { get; init; } = 9870;

    /// <summary>Establishing a TCP connection, to a namenode or a datanode.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>One attempt of one request, body included (a stalled transfer is cut after this and retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after a transient failure (connection refused, reset or dropped mid-transfer, timeouts, 502/503/504, StandbyException, RetriableException).</summary>
    public int Retries { get; init; } = 5;

    /// <summary>First back-off delay; it doubles per retry, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Smallest ranged read of a remote file (small reads of TIFF headers are rounded up to this and cached).</summary>
    public int ReadAheadBytes { get; init; } = 4 * 1024;

    /// <summary>Builds the options from <c>CELLACTORS_HDFS_*</c> environment variables (see the README); unset ones keep their defaults.</summary>
    /// <exception cref="ArgumentException">a variable holds a value that is not valid; the message names it.</exception>
    public static WebHdfsOptions FromEnvironment(Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var o = new WebHdfsOptions();
        string? user = getenv("CELLACTORS_HDFS_USER") ?? getenv("HADOOP_USER_NAME");
        string? token = getenv("CELLACTORS_HDFS_DELEGATION");
        o = o with
        {
            User = string.IsNullOrWhiteSpace(user) ? null : user.Trim(),
            DelegationToken = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
        };
        if (Int("CELLACTORS_HDFS_HTTP_PORT", 1, 65535) is int port) o = o with { HttpPort = port };
        if (Int("CELLACTORS_HDFS_RETRIES", 0, 100) is int retries) o = o with { Retries = retries };
        if (Int("CELLACTORS_HDFS_TIMEOUT_S", 1, 86400) is int timeout) o = o with { RequestTimeout = TimeSpan.FromSeconds(timeout) };
        if (Int("CELLACTORS_HDFS_CONNECT_TIMEOUT_S", 1, 3600) is int connect) o = o with { ConnectTimeout = TimeSpan.FromSeconds(connect) };
        if (Int("CELLACTORS_HDFS_RETRY_DELAY_MS", 0, 600_000) is int delay) o = o with { RetryDelay = TimeSpan.FromMilliseconds(delay) };
        return o;

        int? Int(string name, int min, int max)
        {
            var v = getenv(name);
            if (string.IsNullOrWhiteSpace(v)) return null;
            if (!int.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                throw new ArgumentException($"environment variable {name}='{v}' is not a whole number from {min} to {max}");
            return n;
        }
    }
}
