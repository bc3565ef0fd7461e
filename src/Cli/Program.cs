using System.CommandLine;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>Entry point of <c>cellactors</c>: the coordinator's console commands.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var root = new RootCommand("CellActors: segment, measure and store every cell of large microscopy time-lapses.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(TrackCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(NodeCommands.Coordinator());
        root.Subcommands.Add(NodeCommands.Worker());
        root.Subcommands.Add(JobCommands.Submit());
        root.Subcommands.Add(JobCommands.Control("pause", "Pause a cluster job: no new batches are handed out; batches out finish.", j => new PauseJob(j)));
        root.Subcommands.Add(JobCommands.Control("resume", "Resume a paused cluster job.", j => new ResumeJob(j)));
        root.Subcommands.Add(JobCommands.Control("cancel", "Cancel a cluster job for good (committed rows stay).", j => new CancelJob(j)));
        root.Subcommands.Add(JobCommands.List());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
