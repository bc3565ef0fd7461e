using System.Net;
using System.Text.Json;

namespace CellActors.Storage.WebHdfs;

/// <summary>What a failed WebHDFS request said: the operation, the location, the HTTP status and the server's RemoteException, if any.</summary>
/// <param name="Operation">The WebHDFS <c>op</c>, e.g. <c>OPEN</c>.</param>
/// <param name="Location">The location the request was about.</param>
/// <param name="StatusCode">HTTP status (0 when no response came back).</param>
/// <param name="Exception">RemoteException <c>exception</c>, e.g. <c>FileNotFoundException</c>, <c>AccessControlException</c>.</param>
/// <param name="JavaClassName">RemoteException <c>javaClassName</c>.</param>
/// <param name="RemoteMessage">RemoteException <c>message</c> (or the body's start when it was not RemoteException JSON).</param>
public sealed record WebHdfsError(string Operation, string Location, int StatusCode, string? Exception, string? JavaClassName, string? RemoteMessage)
{
    /// <summary>"FileNotFoundException: File does not exist: /x" or "HTTP 503".</summary>
    public string Describe() =>
        Exception is null
            ? $"HTTP {StatusCode}{(string.IsNullOrWhiteSpace(RemoteMessage) ? "" : $": {RemoteMessage}")}"
            : $"{Exception}: {RemoteMessage}";
}

/// <summary>A WebHDFS request failed; <see cref="Error"/> holds what the server said. <see cref="IsTransient"/> failures are retried.</summary>
public class WebHdfsException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WebHdfsException(string message, WebHdfsError error, bool isTransient, Exception? inner = null) : base(message, inner)
    {
        Error = error;
        IsTransient = isTransient;
    }

    /// <summary>The failed request.</summary>
    public WebHdfsError Error { get; }

    /// <summary>True when trying again may succeed (unavailable server, dropped connection, timeout, standby namenode).</summary>
    public bool IsTransient { get; }
}

/// <summary>The file or folder does not exist (RemoteException <c>FileNotFoundException</c>, HTTP 404).</summary>
public sealed class WebHdfsFileNotFoundException(string message, WebHdfsError error) : FileNotFoundException(message, error.Location)
{
    /// <summary>The failed request.</summary>
    public WebHdfsError Error { get; } = error;
}

/// <summary>Permission denied or authentication refused (<c>AccessControlException</c>, <c>SecurityException</c>, an invalid or expired delegation token; HTTP 401/403).</summary>
public sealed class WebHdfsAccessDeniedException(string message, WebHdfsError error) : UnauthorizedAccessException(message)
{
    /// <summary>The failed request.</summary>
    public WebHdfsError Error { get; } = error;
}

/// <summary>Turns WebHDFS error responses into exceptions with clear messages.</summary>
internal static class WebHdfsErrors
{
    private static readonly HashSet<string> TransientNames = new(StringComparer.Ordinal)
    {
        "StandbyException", "RetriableException", "SafeModeException", "ConnectException", "SocketTimeoutException", "ObserverRetryOnActiveException",
    };

    private static readonly HashSet<string> DeniedNames = new(StringComparer.Ordinal)
    {
        "AccessControlException", "SecurityException", "AuthorizationException", "InvalidToken", "AuthenticationException",
    };

    /// <summary>Parses a RemoteException body (or anything else) into an exception for the caller.</summary>
    public static Exception FromResponse(string op, string location, HttpStatusCode status, byte[] body, string? user)
    {
        string? name = null, javaClass = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("RemoteException", out var re))
            {
                name = Str(re, "exception");
                javaClass = Str(re, "javaClassName");
                message = Str(re, "message");
            }
        }
        catch (JsonException)
        {
            // not JSON: keep the start of the body as the message
        }
        if (name is null && message is null && body.Length > 0)
        {
            var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).Trim();
            message = text.Length == 0 ? null : text;
        }
        var error = new WebHdfsError(op, location, (int)status, name, javaClass, message);
        return Create(error, user);
    }

    public static Exception Create(WebHdfsError e, string? user)
    {
        int s = e.StatusCode;
        if (e.Exception == "FileNotFoundException" || (e.Exception is null && s == 404))
            return new WebHdfsFileNotFoundException($"{e.Location}: no such file or folder in HDFS ({e.Describe()}) [{e.Operation}]", e);
        if ((e.Exception is not null && DeniedNames.Contains(e.Exception)) || (e.Exception is null && s is 401 or 403))
            return new WebHdfsAccessDeniedException(
                $"{e.Location}: permission denied{(user is null ? "" : $" for user '{user}'")} ({e.Describe()}) [{e.Operation}]; set CELLACTORS_HDFS_USER or CELLACTORS_HDFS_DELEGATION (README, section HDFS)", e);
        bool transient = (e.Exception is not null && TransientNames.Contains(e.Exception)) || s is 408 or 429 or 502 or 503 or 504 || (e.Exception is null && s == 500);
        return new WebHdfsException($"{e.Location}: WebHDFS {e.Operation} failed: {e.Describe()}{(e.Exception is null ? "" : $" (HTTP {s})")}", e, transient);
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
