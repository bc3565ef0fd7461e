using System.CommandLine;
using System.Data.Common;
using CellActors.Results;
using CellActors.Results.Formats;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace CellActors.Cli;

/// <summary>
/// The exit codes every command uses (README, "Exit codes") and the one-line messages for the failures users meet:
/// a results database or folder that is missing, empty, unreachable or refuses the login. Never a stack trace for those.
/// </summary>
internal static class CliFailure
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The work failed: every input failed (<c>run</c>), invalid content, a write refused, an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, or a source or target (folder, file, database) that is missing or is not what it should be.</summary>
    public const int BadArguments = 2;

    /// <summary>Refused: the job exists with another configuration, or the coordinator refused the command.</summary>
    public const int Refused = 3;

    /// <summary>Unreachable: the cluster, its coordinator, or the database server did not answer.</summary>
    public const int Unreachable = 4;

    /// <summary>
    /// Makes a token that looks like an option (<c>--no-such-option</c>) a parse error (exit 2) instead of a value of
    /// <paramref name="argument"/>: an optional argument would otherwise take an unknown option as a folder name.
    /// </summary>
    public static Argument<string?> RejectingOptions(this Argument<string?> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (t.Value.StartsWith('-') && t.Value.Length > 1)
                    r.AddError($"Unrecognized command or argument '{t.Value}'.");
        });
        return argument;
    }

    /// <summary>The same for an option that takes several values per token (<c>--seed a b</c>).</summary>
    public static Option<string[]> RejectingOptions(this Option<string[]> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (t.Value.StartsWith('-') && t.Value.Length > 1)
                    r.AddError($"Unrecognized command or argument '{t.Value}'.");
        });
        return option;
    }

    /// <summary>How a <c>--db</c> value or a results folder is named in messages (a server URL without its password).</summary>
    public static string Name(string folderFileOrUrl) => ResultsDatabase.Describe(folderFileOrUrl);

    /// <summary>
    /// The message and exit code of an expected database failure on <paramref name="target"/> (already display-safe:
    /// see <see cref="Name"/>), or null when <paramref name="e"/> is not one (a bug: let it surface).
    /// </summary>
    public static (string Message, int Code)? Describe(Exception e, string target)
    {
        if (e is ArgumentException { InnerException: DbException inner }) e = inner;
        switch (e)
        {
            case MySqlException m:
                return m.ErrorCode switch
                {
                    MySqlErrorCode.NoSuchTable => ($"{target} holds no CellActors tables yet (a coordinator creates them when it first starts on this database; is it the right database?)", BadArguments),
                    MySqlErrorCode.UnknownDatabase => ($"{target}: no such database on the server", BadArguments),
                    MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied =>
                        ($"{target}: access denied (wrong user or password, or no permission): {m.Message}", BadArguments),
                    MySqlErrorCode.UnableToConnectToHost => ($"{target}: the database server is unreachable ({m.Message})", Unreachable),
                    _ => ($"{target}: {m.Message}", Failed),
                };
            case SqliteException s when s.SqliteErrorCode == 1 && s.Message.Contains("no such table", StringComparison.Ordinal):
                return ($"{target} is not a CellActors results database (no CellActors tables in it)", BadArguments);
            case SqliteException { SqliteErrorCode: 26 }: // SQLITE_NOTADB
                return ($"{target} is not a CellActors results database (not an SQLite database)", BadArguments);
            case SqliteException { SqliteErrorCode: 14 }: // SQLITE_CANTOPEN
                return ($"{target}: cannot open the database file", BadArguments);
            case SqliteException s:
                return ($"{target}: {s.Message}", Failed);
            case ArgumentException or FileNotFoundException or DirectoryNotFoundException:
                return (e.Message, BadArguments); // a malformed --db URL, an absent job or file: the message names it
            default:
                return null;
        }
    }

    /// <summary>Runs a command body that reads or writes <paramref name="target"/>; an expected database failure becomes one line on stderr and its exit code.</summary>
    public static int Guard(string? target, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (target is not null && Describe(e, Name(target)) is { } failure)
        {
            Console.Error.WriteLine($"error: {failure.Message}");
            return failure.Code;
        }
    }

    /// <summary>The asynchronous <see cref="Guard(string?, Func{int})"/>.</summary>
    public static async Task<int> GuardAsync(string? target, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (target is not null && Describe(e, Name(target)) is { } failure)
        {
            await Console.Error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return failure.Code;
        }
    }
}
