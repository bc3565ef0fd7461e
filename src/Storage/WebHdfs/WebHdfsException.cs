namespace CellActors.Storage.WebHdfs;

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
