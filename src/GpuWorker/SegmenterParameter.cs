namespace CellActors.GpuWorker;

/// <summary>
/// One tunable parameter of a segmenter's settings <typeparamref name="T"/> (<see cref="Imaging.SegmentationOptions"/>,
/// <see cref="Inference.ModelDescription"/>): its key in a pipeline file and in the segmentation setting, its type, what it
/// means, and how it is read from and written into the settings.
/// </summary>
/// <typeparam name="T">The settings record.</typeparam>
/// <param name="Key">Key, e.g. <c>min_area</c> or <c>instances.foreground_threshold</c>.</param>
/// <param name="Type">Type and range.</param>
/// <param name="Help">What the parameter does (one sentence, for the pipeline file's comments).</param>
/// <param name="Get">The canonical value in <typeparamref name="T"/>.</param>
/// <param name="Set">A copy of <typeparamref name="T"/> with the canonical value set; throws <see cref="ArgumentException"/> when the value does not fit these settings.</param>
/// <param name="Applies">Whether the parameter means anything for these settings (e.g. StarDist thresholds for a StarDist model); null: always.</param>
public sealed record SegmenterParameter<T>(string Key, ParameterType Type, string Help, Func<T, string> Get, Func<T, string, T> Set, Func<T, bool>? Applies = null)
{
    /// <summary>True when the parameter means something for <paramref name="settings"/>.</summary>
    public bool AppliesTo(T settings) => Applies?.Invoke(settings) ?? true;
}
