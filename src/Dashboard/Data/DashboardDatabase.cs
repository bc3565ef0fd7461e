using System.Data.Common;
using CellActors.Results;
using CellActors.Results.Sql;

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
