using System.Data.Common;
using CellActors.Results.Sql;
using Microsoft.Data.Sqlite;

namespace CellActors.Results.Formats;

/// <summary>
/// A job's results opened for reading by the exporters and tracking, on either engine: a results folder or SQLite
/// file (read-only connection), or a MariaDB/MySQL results database given as a <c>mysql://user:pw@host:port/db</c> URL
/// (the cluster's). Queries name their parameters <c>@name</c>, which both engines accept; the job is <c>@job</c>.
/// </summary>
public sealed class ResultsDatabase : IDisposable
{
    private ResultsDatabase(DbConnection connection, DatabaseKind kind, string path, string location, string job)
    {
        Connection = connection;
        Kind = kind;
        Path = path;
        Location = location;
        Job = job;
    }

    /// <summary>The open connection (read-only on SQLite).</summary>
    public DbConnection Connection { get; }

    /// <summary>The engine.</summary>
    public DatabaseKind Kind { get; }

    /// <summary>The engine's SQL dialect: SQL that differs between engines asks this.</summary>
    public SqlDialect Dialect => SqlDialect.For(Kind);

    /// <summary>The database file, or the server URL without its password (for messages).</summary>
    public string Path { get; }

    /// <summary>What opens this database again (<see cref="Open"/>, <see cref="Tracking.TrackingStore.Open"/>): the file, or the server URL with its credentials. Never print it.</summary>
    public string Location { get; }

    /// <summary>The job exported.</summary>
    public string Job { get; }

    /// <summary>True when <paramref name="value"/> names a MariaDB/MySQL server (<c>mysql://</c>, <c>mariadb://</c>, <c>mysql8://</c>) rather than a folder or file.</summary>
    public static bool IsServerUrl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = value.IndexOf("://", StringComparison.Ordinal);
        return i > 0 && value[..i].ToLowerInvariant() is "mysql" or "mariadb" or "mysql8";
    }

    /// <summary>How to name <paramref name="location"/> in messages: a server URL without its password, a path as it is.</summary>
    public static string Describe(string location) =>
        IsServerUrl(location) ? TryDisplay(location) : location;

    private static string TryDisplay(string url)
    {
        try
        {
            return DatabaseTarget.Parse(url).Display;
        }
        catch (ArgumentException)
        {
            return "(malformed database URL)";
        }
    }

    /// <summary>The database file of a results folder (<c>DIR/cellactors.db</c>), or the path itself when it is a file.</summary>
    public static string DatabasePath(string folderOrFile) =>
        Directory.Exists(folderOrFile) ? System.IO.Path.Combine(folderOrFile, "cellactors.db") : folderOrFile;

    /// <summary>Opens for reading; <paramref name="job"/> may be null when the database holds exactly one job.</summary>
    /// <param name="folderFileOrUrl">A results folder, its <c>cellactors.db</c>, or a <c>mysql://</c> URL.</param>
    /// <param name="job">The job, or null.</param>
    /// <exception cref="FileNotFoundException">no database there.</exception>
    /// <exception cref="ArgumentException">the job is absent, or none was named and there are several (they are listed); a malformed URL.</exception>
    public static ResultsDatabase Open(string folderFileOrUrl, string? job)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderFileOrUrl);
        DbConnection db;
        DatabaseKind kind;
        string path, location;
        if (IsServerUrl(folderFileOrUrl))
        {
            var target = DatabaseTarget.Parse(folderFileOrUrl);
            (kind, path, location) = (target.Kind, target.Display, folderFileOrUrl);
            try
            {
                db = ServerConnection.Open(target.ConnectionString);
            }
            catch (MySqlConnector.MySqlException e)
            {
                throw new ArgumentException($"cannot open the results database {path}: {e.Message}", e);
            }
        }
        else
        {
            path = DatabasePath(folderFileOrUrl);
            if (!File.Exists(path)) throw new FileNotFoundException($"no results database at {path}", path);
            (kind, location) = (DatabaseKind.Sqlite, path);
            var csb = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 };
            db = new SqliteConnection(csb.ToString());
            db.Open();
        }
        try
        {
            var jobs = new List<string>();
            try
            {
                using var cmd = SqlCommands.Create(db, "SELECT job FROM jobs ORDER BY job");
                using var r = cmd.ExecuteReader();
                while (r.Read()) jobs.Add(r.GetString(0));
            }
            catch (MySqlConnector.MySqlException e) when (e.ErrorCode == MySqlConnector.MySqlErrorCode.NoSuchTable)
            {
                throw new ArgumentException($"{path} is not a CellActors results database (no jobs table)", e);
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
            return new ResultsDatabase(db, kind, path, location, job);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Creates a command bound to this job (<c>@job</c>) and to <paramref name="args"/> (named <c>@name</c>).</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return SqlCommands.Create(Connection, sql, [("@job", Job), .. args]);
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}
