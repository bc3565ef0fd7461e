using System.Net;
using System.Text.Json;

namespace CellActors.Storage.WebHdfs;

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
