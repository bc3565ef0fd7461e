using System.Data.Common;
using CellActors.Results;
using CellActors.Results.Sql;
using Microsoft.Data.Sqlite;

namespace CellActors.Dashboard.Data;

/// <summary>
/// Where the dashboard reads results: a factory of read-only connections and the few SQL differences between
/// engines. Every query uses <c>@name</c> parameters, <c>LIMIT … OFFSET …</c> and standard SQL otherwise, so a
/// MySQL/MariaDB implementation only supplies a connection and its <see cref="SqlDialect"/>.
/// </summary>
public abstract class DashboardDatabase
{
    /// <summary>The engine's SQL differences.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>A short description for logs and the start-up line.</summary>
    public abstract string Description { get; }

    /// <summary>Opens a new read-only connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var c = CreateConnection();
        try
        {
            await c.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = ReadOnlyStatement;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A new, closed connection to the database.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>The statement that makes a session read-only, run on every connection <see cref="OpenAsync"/> opens.</summary>
    protected abstract string ReadOnlyStatement { get; }

    /// <summary>The dashboard database of a parsed <c>--db</c> value: a SQLite file or a MariaDB/MySQL server.</summary>
    /// <exception cref="FileNotFoundException">a SQLite file that does not exist.</exception>
    public static DashboardDatabase For(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.IsServer ? new MySqlDashboardDatabase(target) : new SqliteDashboardDatabase(target.SqlitePath!);
    }
}

/// <summary>
/// A SQLite results database (<c>cellactors.db</c>) opened read-only: safe beside a running <c>cellactors run</c>
/// writing the same file (WAL mode lets readers and the writer proceed without blocking each other).
/// </summary>
public sealed class SqliteDashboardDatabase : DashboardDatabase
{
    private readonly string _connectionString;

    /// <summary>Reads the database file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">there is no such file.</exception>
    public SqliteDashboardDatabase(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no results database at {path}", path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override SqlDialect Dialect => SqlDialect.Sqlite;

    /// <inheritdoc />
    public override string Description => Path;

    /// <inheritdoc />
    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    /// <inheritdoc />
    protected override string ReadOnlyStatement => "PRAGMA query_only=1;";
}
