using System.CommandLine;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors config show [--config FILE] [flags]</c>: prints the effective pipeline configuration (defaults, the
/// file's values, the flags') as a commented pipeline file, which <c>run --config</c> reads back.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var segmenter = new SegmenterCliOptions();
        var tracking = new TrackingCliOptions();
        var reading = new ReadingCliOptions();
        var track = new Option<bool>("--track") { Description = "Track the cells once the job is complete" };
        var pipeline = new PipelineCliOptions(segmenter, tracking, reading, track);
        var show = new Command("show", "Print the effective configuration, every parameter with a comment, as a pipeline file: cellactors config show --segmenter auto > pipeline.yaml");
        foreach (var o in pipeline.Own.Concat(segmenter.All).Concat([tracking.MaxDistance, tracking.MaxGap, tracking.MinDivisionAge, track])) show.Options.Add(o);
        reading.AddTo(show);
        show.SetAction(pr =>
        {
            if (pipeline.TryResolve(pr) is not { } config) return CliFailure.BadArguments;
            Console.Out.Write(PipelineYaml.Write(config));
            return CliFailure.Ok;
        });
        return new Command("config", "Pipeline files: every parameter of denoising, segmentation, models, tracking and measurement in one YAML file.") { show };
    }
}
