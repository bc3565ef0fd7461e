using System.CommandLine;

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
        root.Subcommands.Add(ServeCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
