namespace CellActors.Hosting;

/// <summary>Settings of a node's management endpoint (<c>--management</c>): health probes and Prometheus metrics.</summary>
/// <param name="Http"><c>HOST:PORT</c> it listens on (HOST an IP address or <c>localhost</c>; a bare <c>PORT</c> means 127.0.0.1:PORT; port 0 picks a free one).</param>
/// <param name="Drain">How long it keeps answering (readiness 503) after the node began to stop, so a probe or a load balancer sees the node go before the port closes.</param>
public sealed record ManagementOptions(string Http, TimeSpan? Drain = null)
{
    /// <summary>The port the deploy files use.</summary>
    public const int DefaultPort = 8558;

    /// <summary>Environment variable that may hold <c>--management</c>.</summary>
    public const string Variable = "CELLACTORS_MANAGEMENT";

    /// <summary>The drain time used (default 2 s).</summary>
    public TimeSpan DrainOrDefault => Drain ?? TimeSpan.FromSeconds(2);

    /// <summary>The address as a Kestrel endpoint; throws <see cref="ArgumentException"/> naming <c>--management</c> when it is not one.</summary>
    public System.Net.IPEndPoint Endpoint()
    {
        var s = Http.Trim();
        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) s = "127.0.0.1:" + s;
        return Dashboard.DashboardHost.ParseEndpoint(s, "--management");
    }
}
