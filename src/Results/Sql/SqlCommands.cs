using System.Data.Common;
using System.Globalization;

namespace CellActors.Results.Sql;

/// <summary>
/// The one ADO.NET helper set of CellActors: commands with <c>@name</c> parameters (both engines accept them), the
/// value conversions every reader needs (engines return different integer types: SQLite Int64, MariaDB INT, BIGINT,
/// DECIMAL for sums), and the timestamp format the tables store (ISO 8601 UTC text, so text order is time order).
/// </summary>
public static class SqlCommands
{
    /// <summary>A command on <paramref name="connection"/> (in <paramref name="transaction"/>, if any) with its parameters.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params IEnumerable<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(cmd, name, value);
        return cmd;
    }

    /// <summary>A command on <paramref name="connection"/> with its parameters.</summary>
    public static DbCommand Create(DbConnection connection, string sql, params IEnumerable<(string Name, object? Value)> parameters) =>
        Create(connection, null, sql, parameters);

    /// <summary>Adds a parameter (null is SQL NULL) to a command of either engine.</summary>
    public static DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    /// <summary>Runs statements that return no rows.</summary>
    public static int Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var cmd = Create(connection, transaction, sql);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>An integer value of either engine as long; NULL is 0.</summary>
    public static long ToLong(object? value) => value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>An integer value of either engine as int; NULL is 0.</summary>
    public static int ToInt(object? value) => value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    /// <summary>A numeric value of either engine as double; NULL is 0.</summary>
    public static double ToDouble(object? value) => value is null or DBNull ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>Column <paramref name="i"/> as long (see <see cref="ToLong"/>).</summary>
    public static long Long(this DbDataReader reader, int i) => ToLong(reader.GetValue(i));

    /// <summary>Column <paramref name="i"/> as int (see <see cref="ToInt"/>).</summary>
    public static int Int(this DbDataReader reader, int i) => ToInt(reader.GetValue(i));

    /// <summary>Column <paramref name="i"/> as double (see <see cref="ToDouble"/>).</summary>
    public static double Double(this DbDataReader reader, int i) => ToDouble(reader.GetValue(i));

    /// <summary>Column <paramref name="i"/> as text, or null for SQL NULL.</summary>
    public static string? NullableString(this DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);

    /// <summary>Every column of the current row (SQL NULL as null).</summary>
    public static object?[] Values(this DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }

    /// <summary>Now, as the tables store time: ISO 8601 UTC text.</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A stored time (<see cref="Now"/>'s format).</summary>
    public static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>A stored time, or null when it is null or not a time.</summary>
    public static DateTimeOffset? TryParseTime(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;
}
