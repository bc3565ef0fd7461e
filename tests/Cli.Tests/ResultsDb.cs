using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CellActors.Cli.Tests;

/// <summary>Reads a results database the way a user's SQL tool would.</summary>
internal static class ResultsDb
{
    public static SqliteConnection Open(string dir)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(dir, "cellactors.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c;
    }

    public static long Scalar(string dir, string sql)
    {
        using var c = Open(dir);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static List<object[]> Rows(string dir, string sql)
    {
        using var c = Open(dir);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
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

    /// <summary>Every results row (frames, objects, errors without timestamps), in key order, as text: equal dumps mean equal tables.</summary>
    public static string Dump(string dir)
    {
        var sb = new StringBuilder();
        foreach (var (name, sql) in new[]
                 {
                     ("frames", "SELECT * FROM frames ORDER BY job, image_id"),
                     ("objects", "SELECT * FROM objects ORDER BY job, image_id, label"),
                     ("errors", "SELECT job, uri, page, image_id, stage, error_type, message FROM errors ORDER BY job, uri, page"),
                     ("tracks", "SELECT * FROM tracks ORDER BY job, dataset, sequence, track_id"),
                 })
        {
            sb.Append("## ").AppendLine(name);
            foreach (var row in Rows(dir, sql))
                sb.AppendLine(string.Join('|', row.Select(v => v switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    DBNull => "NULL",
                    _ => Convert.ToString(v, CultureInfo.InvariantCulture),
                })));
        }
        return sb.ToString();
    }
}
