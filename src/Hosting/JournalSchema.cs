using CellActors.Results;
using MySqlConnector;

namespace CellActors.Hosting;

/// <summary>
/// The Akka.Persistence.Sql tables on MariaDB/MySQL, created before the journal starts. The tables the journal would
/// create itself (through linq2db) on MySQL hold events and snapshots in <c>VARBINARY(255)</c> — any real event is
/// refused with "Data too long" — and have no unique key on (persistence_id, sequence_number). These are the same
/// tables with <c>LONGBLOB</c> payloads, that key (a second writer of an event fails instead of forking the history),
/// and an index for recovery. Tables an earlier version created are repaired in place.
/// </summary>
public static class JournalSchema
{
    private const string Table = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    /// <summary>DDL (idempotent).</summary>
    public const string MySql = """
        CREATE TABLE IF NOT EXISTS journal (
          ordering BIGINT NOT NULL AUTO_INCREMENT, created BIGINT NOT NULL, deleted TINYINT(1) NOT NULL,
          persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, message LONGBLOB NOT NULL,
          manifest VARCHAR(500) NULL, identifier INT NULL, writer_uuid VARCHAR(128) NULL,
          PRIMARY KEY (ordering),
          UNIQUE KEY journal_persistence_id_sequence_number (persistence_id, sequence_number)
        )
        """ + Table + """
        CREATE TABLE IF NOT EXISTS tags (
          ordering_id BIGINT NOT NULL, tag VARCHAR(64) NOT NULL, sequence_nr BIGINT NOT NULL, persistence_id VARCHAR(255) NOT NULL,
          PRIMARY KEY (ordering_id, tag)
        )
        """ + Table + """
        CREATE TABLE IF NOT EXISTS snapshot (
          persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, created BIGINT NOT NULL,
          snapshot LONGBLOB NULL, manifest VARCHAR(500) NULL, serializer_id INT NULL,
          PRIMARY KEY (persistence_id, sequence_number)
        )
        """ + Table;

    /// <summary>Creates (or repairs) the journal tables in a server database; nothing to do for SQLite.</summary>
    public static void Ensure(DatabaseTarget target)
    {
        if (!target.IsServer) return;
        using var c = new MySqlConnection(target.ConnectionString);
        c.Open();
        Exec(c, MySql);
        using var check = c.CreateCommand();
        check.CommandText = """
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = DATABASE() AND ((table_name = 'journal' AND column_name = 'message') OR (table_name = 'snapshot' AND column_name = 'snapshot'))
            """;
        var repairs = new List<string>();
        using (var r = check.ExecuteReader())
        {
            while (r.Read())
            {
                if (string.Equals(r.GetString(2), "longblob", StringComparison.OrdinalIgnoreCase)) continue;
                repairs.Add(r.GetString(0) == "journal" ? "ALTER TABLE journal MODIFY message LONGBLOB NOT NULL" : "ALTER TABLE snapshot MODIFY snapshot LONGBLOB NULL");
            }
        }
        foreach (var sql in repairs) Exec(c, sql);
    }

    private static void Exec(MySqlConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
