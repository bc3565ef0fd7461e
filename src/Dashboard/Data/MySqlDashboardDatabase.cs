using System.Data.Common;
using CellActors.Results;
using CellActors.Results.Sql;
using MySqlConnector;

namespace CellActors.Dashboard.Data;

/// <summary>
/// A results database on a MariaDB or MySQL server (a cluster's <c>--db mysql://…</c>), read through sessions set to
/// <c>READ ONLY</c> (a write in them fails), so the dashboard cannot change results even with a user that may.
/// </summary>
public sealed class MySqlDashboardDatabase : DashboardDatabase
{
    private readonly string _connectionString;

    /// <summary>Reads the server database of <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is a SQLite file.</exception>
    public MySqlDashboardDatabase(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsServer) throw new ArgumentException($"{target} is not a MariaDB/MySQL database", nameof(target));
        _connectionString = new MySqlConnectionStringBuilder(target.ConnectionString)
        {
            Pooling = true,
            DefaultCommandTimeout = 30,
        }.ConnectionString;
        Description = target.Display;
    }

    /// <inheritdoc />
    public override SqlDialect Dialect => SqlDialect.MySql;

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    protected override DbConnection CreateConnection() => new MySqlConnection(_connectionString);

    /// <inheritdoc />
    protected override string ReadOnlyStatement => "SET SESSION TRANSACTION READ ONLY";
}
