using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CellActors.TestSupport;

/// <summary>Reads a SQLite results database the way a user's SQL tool would (read-only, parameters named <c>$name</c> or <c>@name</c>).</summary>
public static class ResultsDb
{
    /// <summary>Opens a results folder's <c>cellactors.db</c>, or the database file itself, read-only.</summary>
    public static SqliteConnection Open(string folderOrFile)
    {
        var path = Directory.Exists(folderOrFile) ? Path.Combine(folderOrFile, "cellactors.db") : folderOrFile;
        var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c;
    }

    /// <summary>The first column of the first row, as a long.</summary>
    public static long Scalar(string folderOrFile, string sql, params (string Name, object Value)[] parameters)
    {
        using var c = Open(folderOrFile);
        using var cmd = Command(c, sql, parameters);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every row, every column.</summary>
    public static List<object[]> Rows(string folderOrFile, string sql, params (string Name, object Value)[] parameters)
    {
        using var c = Open(folderOrFile);
        using var cmd = Command(c, sql, parameters);
        using var r = cmd.ExecuteReader();
        var rows = new List<object[]>();
        while (r.Read())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, (string Name, object Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        return cmd;
    }

    /// <summary>Every results row (frames, objects, errors without timestamps), in key order, as text: equal dumps mean equal tables.</summary>
    public static string Dump(string dir) => Dump(sql => Rows(dir, sql),
    [
        ("frames", "SELECT * FROM frames ORDER BY job, image_id"),
        ("objects", "SELECT * FROM objects ORDER BY job, image_id, label"),
        ("errors", "SELECT job, uri, page, image_id, stage, error_type, message FROM errors ORDER BY job, uri, page"),
        ("tracks", "SELECT * FROM tracks ORDER BY job, dataset, sequence, track_id"),
    ]);

    /// <summary>A dump of <paramref name="tables"/> (name, query), each read with <paramref name="query"/> (<see cref="AppendSection"/>'s format).</summary>
    public static string Dump(Func<string, IEnumerable<IReadOnlyList<object?>>> query, IEnumerable<(string Name, string Sql)> tables)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(tables);
        var sb = new StringBuilder();
        foreach (var (name, sql) in tables) AppendSection(sb, name, query(sql));
        return sb.ToString();
    }

    /// <summary>
    /// Appends one table of a dump: <c>## name</c>, then a line per row with its values joined by <c>|</c> (doubles in
    /// round-trip form, SQL NULL as <c>NULL</c>), so equal dumps mean equal rows on either engine.
    /// </summary>
    public static void AppendSection(StringBuilder sb, string name, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(rows);
        sb.Append("## ").AppendLine(name);
        foreach (var row in rows)
            sb.AppendLine(string.Join('|', row.Select(v => v switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                null or DBNull => "NULL",
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            })));
    }
}
