using Microsoft.Data.Sqlite;

namespace CellActors.Results.Formats;

/// <summary>A results folder or database file opened for reading by the exporters, with its job resolved.</summary>
public sealed class ResultsDatabase : IDisposable
{
    private ResultsDatabase(SqliteConnection connection, string path, string job)
    {
        Connection = connection;
        Path = path;
        Job = job;
    }

    /// <summary>The open read-only connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The job exported.</summary>
    public string Job { get; }

    /// <summary>The database file of a results folder (<c>DIR/cellactors.db</c>), or the path itself when it is a file.</summary>
    public static string DatabasePath(string folderOrFile) =>
        Directory.Exists(folderOrFile) ? System.IO.Path.Combine(folderOrFile, "cellactors.db") : folderOrFile;

    /// <summary>Opens read-only; <paramref name="job"/> may be null when the database holds exactly one job.</summary>
    /// <exception cref="FileNotFoundException">no database there.</exception>
    /// <exception cref="ArgumentException">the job is absent, or none was named and there are several (they are listed).</exception>
    public static ResultsDatabase Open(string folderOrFile, string? job)
    {
        var path = DatabasePath(folderOrFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"no results database at {path}", path);
        var csb = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 };
        var db = new SqliteConnection(csb.ToString());
        try
        {
            db.Open();
            var jobs = new List<string>();
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT job FROM jobs ORDER BY job";
                using var r = cmd.ExecuteReader();
                while (r.Read()) jobs.Add(r.GetString(0));
            }
            if (job is null)
            {
                if (jobs.Count == 1) job = jobs[0];
                else if (jobs.Count == 0) throw new ArgumentException($"{path} holds no job");
                else throw new ArgumentException($"{path} holds several jobs ({string.Join(", ", jobs)}): choose one with --job");
            }
            else if (!jobs.Contains(job))
            {
                throw new ArgumentException($"no job '{job}' in {path} (jobs: {string.Join(", ", jobs)})");
            }
            return new ResultsDatabase(db, path, job);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Creates a command bound to this job (<c>$job</c>).</summary>
    public SqliteCommand Command(string sql)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$job", Job);
        return cmd;
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}
