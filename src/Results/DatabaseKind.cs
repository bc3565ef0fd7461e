namespace CellActors.Results;

/// <summary>Which SQL engine a results database (and, in a cluster, the Akka journal) lives in.</summary>
public enum DatabaseKind
{
    /// <summary>An embedded SQLite file (the one-process default).</summary>
    Sqlite,

    /// <summary>A MariaDB server (Debian's "MySQL"), through MySqlConnector.</summary>
    MariaDb,

    /// <summary>An Oracle MySQL 8 server, through MySqlConnector.</summary>
    MySql,
}
