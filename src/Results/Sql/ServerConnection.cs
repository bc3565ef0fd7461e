using MySqlConnector;

namespace CellActors.Results.Sql;

/// <summary>Connections to a MariaDB/MySQL results server, in the session settings every CellActors connection uses.</summary>
public static class ServerConnection
{
    /// <summary>
    /// Opens a connection in strict SQL mode (a value that does not fit is an error, never a silent truncation) and
    /// READ COMMITTED isolation (no gap locks between decoders).
    /// </summary>
    public static MySqlConnection Open(string connectionString)
    {
        var c = new MySqlConnection(connectionString);
        c.Open();
        SqlCommands.Execute(c, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION'; " +
                               "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;");
        return c;
    }
}
