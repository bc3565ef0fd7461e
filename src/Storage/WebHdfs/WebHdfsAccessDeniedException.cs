namespace CellActors.Storage.WebHdfs;

/// <summary>Permission denied or authentication refused (<c>AccessControlException</c>, <c>SecurityException</c>, an invalid or expired delegation token; HTTP 401/403).</summary>
public sealed class WebHdfsAccessDeniedException(string message, WebHdfsError error) : UnauthorizedAccessException(message)
{
    /// <summary>The failed request.</summary>
    public WebHdfsError Error { get; } = error;
}
