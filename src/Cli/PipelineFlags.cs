namespace CellActors.Cli;

/// <summary>
/// The pipeline settings given as flags on the command line (null: not given), which override a pipeline file's
/// (<see cref="PipelineConfig.Resolve"/>).
/// </summary>
/// <param name="Denoise"><c>--denoise</c>.</param>
/// <param name="Segmenter"><c>--segmenter</c>.</param>
/// <param name="Tta"><c>--tta</c>.</param>
/// <param name="Diameter"><c>--diameter</c>: the objects' diameter in the frames (models with an object size).</param>
/// <param name="Threshold"><c>--threshold</c>: a model's main threshold (<see cref="GpuWorker.ModelParameters.ThresholdKey"/>).</param>
/// <param name="MinArea"><c>--min-area</c>: the smallest object kept (classical or model).</param>
/// <param name="MaxDistance"><c>--max-distance</c>.</param>
/// <param name="MaxGap"><c>--max-gap</c>.</param>
/// <param name="MinDivisionAge"><c>--min-division-age</c>.</param>
/// <param name="Track"><c>--track</c>: true when given.</param>
/// <param name="Channel"><c>--channel</c>.</param>
/// <param name="PixelSize"><c>--pixel-size</c>.</param>
/// <param name="TimeInterval"><c>--time-interval</c>.</param>
public sealed record PipelineFlags(
    string? Denoise = null,
    string? Segmenter = null,
    string? Tta = null,
    double? Diameter = null,
    double? Threshold = null,
    int? MinArea = null,
    double? MaxDistance = null,
    int? MaxGap = null,
    int? MinDivisionAge = null,
    bool? Track = null,
    string? Channel = null,
    double? PixelSize = null,
    double? TimeInterval = null);
