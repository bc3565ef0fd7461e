using System.Globalization;
using MySqlConnector;

namespace CellActors.TestSupport;

/// <summary>
/// A private MariaDB server for one test run: <c>mariadb-install-db</c> into a temporary data directory, then
/// <c>mariadbd</c> on 127.0.0.1 and a free port (grant tables skipped: any user, no password, loopback only),
/// killed and deleted when disposed. Each test creates its own database in it (<see cref="CreateDatabase"/>), so
/// test projects running in parallel never share one. Use <see cref="MariaDbFactAttribute"/> to skip with a reason
/// where <c>mariadbd</c> is not installed.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    private ChildProcess _server;
    private readonly string _dir;
    private int _databases;

    private MariaDbServer(ChildProcess server, string dir, int port)
    {
        _server = server;
        _dir = dir;
        Port = port;
    }

    /// <summary>The arguments of <c>mariadbd</c> for a data directory under <paramref name="dir"/> on <paramref name="port"/>.</summary>
    private static string[] ServerArguments(string dir, int port, string user) =>
    [
        "--no-defaults", $"--datadir={Path.Combine(dir, "data")}", $"--socket={Path.Combine(dir, "mysqld.sock")}", $"--pid-file={Path.Combine(dir, "mysqld.pid")}",
        $"--port={port}", $"--tmpdir={Path.Combine(dir, "tmp")}", "--bind-address=127.0.0.1", $"--user={user}", "--skip-grant-tables", "--skip-name-resolve",
        "--innodb-buffer-pool-size=64M", "--max-connections=500", "--log-error=" + Path.Combine(dir, "error.log"),
    ];

    /// <summary>An outage: the server is killed (SIGKILL, as a crashed database host) and refuses every connection until <see cref="Restart"/>.</summary>
    public void Stop() => _server.Kill9();

    /// <summary>Starts the server again on the same port and data directory (InnoDB recovers what was committed); returns once it accepts connections.</summary>
    public void Restart()
    {
        _server.Dispose();
        for (var attempt = 0; ; attempt++)
        {
            _server = ChildProcess.Start("mariadbd", Find("mariadbd")!, ServerArguments(_dir, Port, Environment.UserName));
            if (WaitUntilReady(TimeSpan.FromSeconds(60))) return;
            if (attempt >= 2) throw new InvalidOperationException($"mariadbd did not start again on port {Port}:\n{_server.Output}");
            _server.Dispose();
            Thread.Sleep(1000); // the port may still be held a moment by the killed server
        }
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Why MariaDB tests cannot run here, or null when <c>mariadbd</c> and <c>mariadb-install-db</c> are installed.</summary>
    public static string? Unavailable =>
        Find("mariadbd") is null || Find("mariadb-install-db") is null
            ? "MariaDB is not installed (mariadbd / mariadb-install-db not found; Debian: apt-get install mariadb-server)"
            : null;

    private static string? Find(string exe)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]))
        {
            var p = Path.Combine(dir, exe);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Initialises a data directory and starts the server; returns once it accepts connections.</summary>
    public static MariaDbServer Start()
    {
        if (Unavailable is { } why) throw new InvalidOperationException(why);
        var dir = Path.Combine(Path.GetTempPath(), "cellactors-mariadb", Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(dir);
        var user = Environment.UserName;
        // Each server gets its own tmpdir: bootstraps running in parallel (test projects start their own servers at
        // the same time) once collided on temporary tables in the shared /tmp ("Unknown table
        // 'mysql.tmp_proxies_priv'"). A failed bootstrap is retried once into a fresh data directory.
        var tmp = Path.Combine(dir, "tmp");
        Directory.CreateDirectory(tmp);
        for (var attempt = 0; ; attempt++)
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            using var install = ChildProcess.Start("mariadb-install-db", Find("mariadb-install-db")!,
                [$"--datadir={data}", $"--user={user}", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", $"--tmpdir={tmp}"]);
            if (install.WaitForExit(TimeSpan.FromMinutes(2)) && install.ExitCode == 0) break;
            if (attempt >= 1) throw new InvalidOperationException($"mariadb-install-db failed:\n{install.Output}");
        }

        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var server = ChildProcess.Start("mariadbd", Find("mariadbd")!, ServerArguments(dir, port, user));
            var db = new MariaDbServer(server, dir, port);
            if (db.WaitUntilReady(TimeSpan.FromSeconds(60))) return db;
            var log = File.Exists(Path.Combine(dir, "error.log")) ? File.ReadAllText(Path.Combine(dir, "error.log")) : server.Output;
            server.Dispose();
            if (attempt >= 2) throw new InvalidOperationException($"mariadbd did not start on port {port}:\n{log}");
        }
    }

    private bool WaitUntilReady(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && !_server.HasExited)
        {
            try
            {
                using var c = new MySqlConnection(AdminConnectionString);
                c.Open();
                return true;
            }
            catch (MySqlException)
            {
                Thread.Sleep(200);
            }
        }
        return false;
    }

    private string AdminConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1", Port = (uint)Port, UserID = "root", Pooling = false, ConnectionTimeout = 5,
    }.ConnectionString;

    /// <summary>Creates a new, empty database (utf8mb4, binary collation) and returns its name.</summary>
    public string CreateDatabase(string prefix = "cells")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}");
        Execute($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return name;
    }

    /// <summary>The <c>--db</c> URL of a database on this server.</summary>
    public string Url(string database) => $"mysql://root@127.0.0.1:{Port}/{database}";

    /// <summary>Runs one statement as root.</summary>
    public void Execute(string sql)
    {
        using var c = new MySqlConnection(AdminConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // files still held a moment by the dying server: the temp folder is cleaned by the OS
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A fact that needs a local MariaDB installation; skipped with the reason when <c>mariadbd</c> is missing.</summary>
public sealed class MariaDbFactAttribute : Xunit.FactAttribute
{
    /// <summary>Sets <see cref="Xunit.FactAttribute.Skip"/> when MariaDB is not installed.</summary>
    public MariaDbFactAttribute()
    {
        if (MariaDbServer.Unavailable is { } why) Skip = why;
    }
}
