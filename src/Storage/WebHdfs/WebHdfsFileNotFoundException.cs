namespace CellActors.Storage.WebHdfs;

/// <summary>The file or folder does not exist (RemoteException <c>FileNotFoundException</c>, HTTP 404).</summary>
public sealed class WebHdfsFileNotFoundException(string message, WebHdfsError error) : FileNotFoundException(message, error.Location)
{
    /// <summary>The failed request.</summary>
    public WebHdfsError Error { get; } = error;
}
