using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>
/// Entry point of <c>cellactors</c>: the coordinator's console commands. Exit codes (README, "Exit codes"): see
/// <see cref="CliFailure"/>; a command line that does not parse (unknown option, missing argument, bad value) is 2.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("CellActors: segment, measure and store every cell of large microscopy time-lapses.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(TrackCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(NodeCommands.Coordinator());
        root.Subcommands.Add(NodeCommands.Worker());
        root.Subcommands.Add(JobCommands.Submit());
        root.Subcommands.Add(JobCommands.Control("pause", "Pause a cluster job: no new batches are handed out; batches out finish.", j => new PauseJob(j)));
        root.Subcommands.Add(JobCommands.Control("resume", "Resume a paused cluster job.", j => new ResumeJob(j)));
        root.Subcommands.Add(JobCommands.Control("cancel", "Cancel a cluster job for good (committed rows stay).", j => new CancelJob(j)));
        root.Subcommands.Add(JobCommands.List());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"see: cellactors {CommandPath(parsed.CommandResult)}--help").ConfigureAwait(false);
            return CliFailure.BadArguments;
        }
        // SIGTERM / Ctrl+C cancel the command's token; a node then leaves the cluster gracefully, which takes longer than
        // System.CommandLine's default 2 s before it kills the process (exit 143). Give it the grace period of the deploy
        // files (stop_grace_period 60 s) before a forced exit.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationGrace }).ConfigureAwait(false);
    }

    /// <summary>How long a command may take to stop after SIGTERM or Ctrl+C before the process exits anyway.</summary>
    internal static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(55);

    /// <summary>The subcommand words of <paramref name="result"/> ("cluster show "), empty for the root command.</summary>
    private static string CommandPath(CommandResult result)
    {
        var words = new List<string>();
        for (var r = result; r.Parent is CommandResult parent; r = parent) words.Insert(0, r.Command.Name + " ");
        return string.Concat(words);
    }
}
