using System.Net;
using System.Net.Sockets;

namespace CellActors.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts.</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
