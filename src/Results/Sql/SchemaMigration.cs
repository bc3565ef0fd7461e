namespace CellActors.Results.Sql;

/// <summary>
/// One numbered step of the results schema, in both dialects (see <see cref="SchemaMigrations"/>). An empty string
/// means the step has nothing to do in that dialect (its version is recorded all the same).
/// </summary>
/// <param name="Version">The schema version the step brings a database to (1, 2, 3, …, without gaps).</param>
/// <param name="Description">What it changes, for people reading <c>schema_version</c> and this list.</param>
/// <param name="Sqlite">The statements on SQLite (run in one transaction with the version row).</param>
/// <param name="MySql">The statements on MariaDB/MySQL (DDL commits on its own there: write it so that it can run again).</param>
public sealed record SchemaMigration(int Version, string Description, string Sqlite, string MySql)
{
    /// <summary>The statements of <paramref name="dialect"/>.</summary>
    public string For(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.IsServer ? MySql : Sqlite;
    }
}
