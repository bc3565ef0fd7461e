using MySqlConnector;

namespace CellActors.Results;

/// <summary>
/// A parsed <c>--db</c> value: <c>mysql://user:password@host:port/database</c> (MariaDB, the default server),
/// <c>mariadb://...</c> (the same), <c>mysql8://...</c> (Oracle MySQL 8), or a path to a SQLite file
/// (<c>sqlite:///abs/path.db</c> or a plain path). Query parameters of a server URL are passed to MySqlConnector
/// as connection-string options (e.g. <c>?SslMode=None</c>).
/// </summary>
public sealed record DatabaseTarget(DatabaseKind Kind, string ConnectionString, string Display)
{
    /// <summary>The SQLite file, for <see cref="DatabaseKind.Sqlite"/>.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>The database (schema) name on a server.</summary>
    public string? Database { get; init; }

    /// <summary>True for a MariaDB or MySQL server.</summary>
    public bool IsServer => Kind != DatabaseKind.Sqlite;

    /// <summary>Parses a <c>--db</c> value. Throws <see cref="ArgumentException"/> with the expected form.</summary>
    public static DatabaseTarget Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? value[..schemeEnd].ToLowerInvariant() : "";
        switch (scheme)
        {
            case "":
                return Sqlite(value);
            case "sqlite":
                return Sqlite(value[(schemeEnd + 3)..]);
            case "mysql" or "mariadb" or "mysql8":
                break;
            default:
                throw new ArgumentException($"unknown database URL scheme '{scheme}' in '{value}': use mysql://user:password@host:port/database, mariadb://..., mysql8://... or a SQLite file path");
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"malformed database URL '{value}': expected {scheme}://user:password@host:port/database");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new ArgumentException($"database URL '{value}' names no database: expected {scheme}://user:password@host:port/database");
        var csb = new MySqlConnectionStringBuilder
        {
            Server = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 3306u : (uint)uri.Port,
            Database = database,
            AllowUserVariables = true, // Akka.Persistence.Sql (linq2db) needs it on MariaDB/MySQL
            CharacterSet = "utf8mb4",
            ConnectionTimeout = 15,
            DefaultCommandTimeout = 300,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            csb.UserID = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) csb.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"database URL option '{pair}' is not key=value");
            csb[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        var kind = scheme == "mysql8" ? DatabaseKind.MySql : DatabaseKind.MariaDb;
        var display = $"{scheme}://{(csb.UserID.Length > 0 ? csb.UserID + "@" : "")}{csb.Server}:{csb.Port}/{database}";
        return new DatabaseTarget(kind, csb.ConnectionString, display) { Database = database };
    }

    /// <summary>A SQLite file.</summary>
    public static DatabaseTarget Sqlite(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return new DatabaseTarget(DatabaseKind.Sqlite, $"Data Source={full}", full) { SqlitePath = full };
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
