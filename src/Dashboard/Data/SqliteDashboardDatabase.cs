using System.Data.Common;
using CellActors.Results.Sql;
using Microsoft.Data.Sqlite;

namespace CellActors.Dashboard.Data;

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
