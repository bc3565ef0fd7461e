using System.CommandLine;
using System.CommandLine.Parsing;

namespace CellActors.Cli;

/// <summary>
/// The pipeline's options shared by <c>run</c>, <c>submit</c> and <c>config show</c>: <c>--config FILE</c>, <c>--denoise</c>,
/// the segmenter's (<see cref="SegmenterCliOptions"/>), the most used parameters as flags (<c>--diameter</c>,
/// <c>--threshold</c>, <c>--min-area</c>), and, where the command has them, tracking's and reading's. Flags given on the
/// command line override the file, which overrides the defaults (<see cref="PipelineConfig.Resolve"/>).
/// </summary>
internal sealed class PipelineCliOptions(SegmenterCliOptions segmenter, TrackingCliOptions? tracking, ReadingCliOptions reading, Option<bool>? track = null)
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "A pipeline file (YAML; `cellactors config show > pipeline.yaml` writes one with every parameter); flags given here override its values",
    };

    public Option<string> Denoise { get; } = new("--denoise") { Description = "median:K | gaussian:SIGMA | background:RADIUS | none", DefaultValueFactory = _ => PipelineConfig.DefaultDenoise };

    public Option<double?> Diameter { get; } = new("--diameter")
    {
        Description = "Models: the diameter of the objects in your frames, pixels; every frame is rescaled to the model's object size (no per-frame estimate)",
    };

    public Option<double?> Threshold { get; } = new("--threshold")
    {
        Description = "Models: the probability threshold of objects (foreground probability; StarDist's prob_thresh; Cellpose's cellprob_threshold)",
    };

    public Option<int?> MinArea { get; } = new("--min-area") { Description = "Objects with fewer pixels are dropped (classical segmenter or model)" };

    /// <summary>The options this class adds to a command (not the segmenter's, tracking's or reading's, which their classes add).</summary>
    public IEnumerable<Option> Own => [Config, Denoise, Diameter, Threshold, MinArea];

    /// <summary>The pipeline file's values overridden by the flags given; throws <see cref="PipelineFileException"/>, <see cref="ArgumentException"/> or <see cref="Inference.ModelDescriptionException"/>.</summary>
    public PipelineConfig Resolve(ParseResult pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var file = pr.GetValue(Config) is { } path ? PipelineFile.Load(path) : null;
        T? Given<T>(Option<T> o) where T : class => Explicit(pr, o) ? pr.GetValue(o) : null;
        T? GivenValue<T>(Option<T> o) where T : struct => Explicit(pr, o) ? pr.GetValue(o) : null;
        var flags = new PipelineFlags(
            Denoise: Given(Denoise),
            Segmenter: Given(segmenter.Segmenter),
            Tta: Given(segmenter.Tta),
            Diameter: pr.GetValue(Diameter),
            Threshold: pr.GetValue(Threshold),
            MinArea: pr.GetValue(MinArea),
            MaxDistance: tracking is null ? null : GivenValue(tracking.MaxDistance),
            MaxGap: tracking is null ? null : GivenValue(tracking.MaxGap),
            MinDivisionAge: tracking is null ? null : GivenValue(tracking.MinDivisionAge),
            Track: track is not null && pr.GetValue(track) ? true : null,
            Channel: pr.GetValue(reading.Channel),
            PixelSize: pr.GetValue(reading.PixelSize),
            TimeInterval: pr.GetValue(reading.TimeInterval));
        return PipelineConfig.Resolve(file, flags);
    }

    /// <summary>
    /// Resolves the configuration, or prints the one-line problem (<c>error: pipeline.yaml:12: segmentation.min_area: ...</c>)
    /// and returns null: the caller exits with <see cref="CliFailure.BadArguments"/> before anything starts.
    /// </summary>
    public PipelineConfig? TryResolve(ParseResult pr)
    {
        try
        {
            return Resolve(pr);
        }
        catch (Exception e) when (e is PipelineFileException or ArgumentException or Inference.ModelDescriptionException)
        {
            Console.Error.WriteLine($"error: {(e is ArgumentException a ? PipelineConfig.Reason(a) : e.Message)}");
            return null;
        }
    }

    /// <summary>True when <paramref name="option"/> was given on the command line (not its default).</summary>
    private static bool Explicit(ParseResult pr, Option option) => pr.GetResult(option) is OptionResult { Implicit: false };
}
