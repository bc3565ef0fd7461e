namespace CellActors.Results.Sql;

/// <summary>
/// Everything the SQL of CellActors says differently on SQLite and on MariaDB/MySQL, in one place. Every store and
/// query (<see cref="ResultStore"/>, <see cref="Tracking.TrackingStore"/>, <see cref="Formats.ResultsDatabase"/>, the
/// dashboard's queries) writes standard SQL with <c>@name</c> parameters and asks its dialect for the rest; nothing
/// else branches on the engine.
/// </summary>
public sealed class SqlDialect
{
    private SqlDialect(string name, bool isServer, string insertOrIgnore, string integerCastType, string orderedJoin)
    {
        Name = name;
        IsServer = isServer;
        InsertOrIgnore = insertOrIgnore;
        IntegerCastType = integerCastType;
        OrderedJoin = orderedJoin;
    }

    /// <summary>SQLite (the embedded, one-process default).</summary>
    public static readonly SqlDialect Sqlite = new("sqlite", isServer: false, "INSERT OR IGNORE INTO", "INTEGER", "CROSS JOIN");

    /// <summary>MariaDB and MySQL (the cluster's server).</summary>
    public static readonly SqlDialect MySql = new("mysql", isServer: true, "INSERT IGNORE INTO", "SIGNED", "STRAIGHT_JOIN");

    /// <summary>The dialect of an engine.</summary>
    public static SqlDialect For(DatabaseKind kind) => kind == DatabaseKind.Sqlite ? Sqlite : MySql;

    /// <summary><c>sqlite</c> or <c>mysql</c>.</summary>
    public string Name { get; }

    /// <summary>True for a database server (MariaDB/MySQL), false for an embedded SQLite file.</summary>
    public bool IsServer { get; }

    /// <summary>Whether key columns are bounded VARCHARs (see <see cref="Schema.Limits"/>): a longer value is refused before it is written, never truncated.</summary>
    public bool BoundsKeyColumns => IsServer;

    /// <summary>Whether statements run many times should be prepared: SQLite only (a server prepare costs a round trip).</summary>
    public bool PreparesStatements => !IsServer;

    /// <summary>An insert that skips a row whose key exists (<c>INSERT OR IGNORE INTO</c>, <c>INSERT IGNORE INTO</c>).</summary>
    public string InsertOrIgnore { get; }

    /// <summary>A query counting the tables named <c>@table</c> in the database (1 when it exists, else 0).</summary>
    public string TableExists => IsServer
        ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @table"
        : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table";

    /// <summary>Type name for <c>CAST(x AS …)</c> to an integer (SQLite <c>INTEGER</c>, MySQL <c>SIGNED</c>).</summary>
    public string IntegerCastType { get; }

    /// <summary>
    /// An inner join that keeps the written table order (SQLite <c>CROSS JOIN</c>, MySQL <c>STRAIGHT_JOIN</c>): used to
    /// read <c>frames</c> first (a few rows through its index) and then <c>objects</c> by key, when a filter is on frames.
    /// </summary>
    public string OrderedJoin { get; }

    /// <summary>
    /// <paramref name="expression"/> truncated towards zero to an integer. SQLite's CAST truncates; MySQL's rounds, so
    /// there the value is truncated first (<c>TRUNCATE(x, 0)</c>).
    /// </summary>
    public string TruncateToInteger(string expression) =>
        IsServer ? $"CAST(TRUNCATE({expression}, 0) AS {IntegerCastType})" : $"CAST({expression} AS {IntegerCastType})";

    /// <summary>
    /// The clause that turns an <c>INSERT</c> into an upsert: on a duplicate of the key <paramref name="key"/>, the
    /// columns <paramref name="update"/> take the inserted row's values (SQLite <c>ON CONFLICT (…) DO UPDATE SET c = excluded.c</c>,
    /// MySQL <c>ON DUPLICATE KEY UPDATE c = VALUES(c)</c>).
    /// </summary>
    public string OnDuplicateKeyUpdate(IReadOnlyList<string> key, IReadOnlyList<string> update)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(update);
        return IsServer
            ? "ON DUPLICATE KEY UPDATE " + string.Join(", ", update.Select(c => $"{c} = VALUES({c})"))
            : $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET " + string.Join(", ", update.Select(c => $"{c} = excluded.{c}"));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
