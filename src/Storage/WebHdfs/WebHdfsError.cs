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
