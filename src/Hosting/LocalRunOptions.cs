namespace CellActors.Hosting;

/// <summary>Settings of a one-process job (<c>cellactors run</c>).</summary>
/// <param name="Source">CTC dataset folder, sequence folder, folder of TIFF/PNG files, or one file; a local path or an HDFS location (<c>webhdfs://</c>, <c>hdfs://</c>).</param>
/// <param name="Out">Folder for <c>cellactors.db</c>, <c>journal.db</c> and <c>cellactors.log</c>.</param>
/// <param name="JobId">Job name (default: the source folder's name).</param>
/// <param name="Denoise">Denoising, e.g. <c>median:3</c>, <c>gaussian:1.5</c>, <c>background:25</c>, <c>none</c>.</param>
/// <param name="Segmentation">The segmentation setting (<see cref="GpuWorker.SegmenterSetting"/>): <c>auto</c> (the default: the shipped cell model, choices made from each frame), <c>unet</c>, <c>onnx:PATH</c>, or a classical preset (<c>default</c>, <c>sim</c>, <c>gowt1</c>, <c>msc</c>, <c>dsb</c>); optionally <c>,tta=flips</c> or <c>,tta=flips+turns</c>.</param>
/// <param name="BatchSize">Frames per batch.</param>
/// <param name="Detectors">Detector actors (default: one per core).</param>
/// <param name="Decoders">Decoder actors.</param>
/// <param name="MaxInFlight">Global cap on batches in flight (default: 2 per detector).</param>
/// <param name="Gpus">GPU ids such as <c>0,1</c>: one detector pinned to each (CUDA); null: <see cref="DetectorCount"/> CPU detectors.</param>
/// <param name="Channel">The channel segmented: null (first channel; luminance of a colour image), a 0-based index, or a channel name.</param>
/// <param name="PixelSize">Pixel size in µm replacing the metadata's (x and y); null: the metadata's.</param>
/// <param name="TimeInterval">Seconds between time points replacing the metadata's; null: the metadata's.</param>
public sealed record LocalRunOptions(
    string Source,
    string Out,
    string? JobId = null,
    string Denoise = "median:3",
    string Segmentation = "auto",
    int BatchSize = 8,
    int? Detectors = null,
    int Decoders = 1,
    int? MaxInFlight = null,
    string? Gpus = null,
    string? Channel = null,
    double? PixelSize = null,
    double? TimeInterval = null)
{
    /// <summary>The management endpoint (<c>--management</c>: health probes, metrics) while the job runs; null: none.</summary>
    public ManagementOptions? Management { get; init; }

    /// <summary>How the log file (<see cref="LogPath"/>) is written: text or JSON lines, rotated by size.</summary>
    public LogSettings Logs { get; init; } = LogSettings.Default;

    /// <summary>Version of the way discovery reads files into frames (axes, channels, units from metadata); part of <see cref="Fingerprint"/>.</summary>
    public const int ReadingVersion = 2;

    /// <summary>The pipeline settings every detector of the job gets.</summary>
    public Messages.PipelineSettings Settings => new(Denoise, Segmentation, string.IsNullOrWhiteSpace(Channel) ? null : Channel.Trim(), PixelSize, TimeInterval);

    /// <summary>Absolute source path, or the HDFS location as given (without a trailing '/').</summary>
    public string SourcePath => Storage.Storages.IsRemote(Source) ? Source.TrimEnd('/') : System.IO.Path.GetFullPath(Source);

    /// <summary>The job id used: given, or derived from the source's name.</summary>
    public string Job => JobId ?? DeriveJobId(SourcePath);

    /// <summary>Results database path.</summary>
    public string DatabasePath => System.IO.Path.Combine(Out, "cellactors.db");

    /// <summary>Akka journal/snapshot database path.</summary>
    public string JournalPath => System.IO.Path.Combine(Out, "journal.db");

    /// <summary>Log file path.</summary>
    public string LogPath => System.IO.Path.Combine(Out, "cellactors.log");

    /// <summary>Detector count used: one per GPU with <see cref="Gpus"/>, else as given (default: one per core).</summary>
    public int DetectorCount => Devices.Count;

    /// <summary>The device of each detector: the listed GPUs, or CPU detectors.</summary>
    public IReadOnlyList<Inference.InferenceDevice> Devices => Gpus is { } g
        ? Inference.InferenceDevice.ParseGpuList(g)
        : Enumerable.Repeat(Inference.InferenceDevice.Cpu, Math.Max(1, Detectors ?? Environment.ProcessorCount)).ToList();

    /// <summary>Leases of a batch or part that may end without its rows before it is bisected (a single frame: recorded in <c>errors</c>).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>In-flight cap used.</summary>
    public int InFlight => Math.Max(1, MaxInFlight ?? DetectorCount * 2 + Decoders);

    /// <summary>
    /// The canonical configuration: a job never mixes results of two fingerprints. A model segmenter adds the SHA-256
    /// of its description and weights (a changed model file is a changed configuration); classical ones add nothing.
    /// What discovery reads from metadata is fixed in the job's manifest; the reading version and the channel, pixel
    /// size and time interval options are part of the fingerprint, so a resumed job never mixes two readings.
    /// </summary>
    public string Fingerprint => $"source={SourcePath};batch={BatchSize};denoise={Denoise.Trim().ToLowerInvariant()};segmentation={Segmentation.Trim().ToLowerInvariant()};pipeline=v1"
        + GpuWorker.SegmenterSetting.Fingerprint(Segmentation)
        + string.Create(System.Globalization.CultureInfo.InvariantCulture, $";reading=v{ReadingVersion}")
        + (Settings.Channel is { } c ? $";channel={c}" : "")
        + (PixelSize is { } p ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $";pixel-size={p:R}") : "")
        + (TimeInterval is { } t ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $";time-interval={t:R}") : "");

    private static string DeriveJobId(string path)
    {
        var name = System.IO.Path.GetFileName(path.TrimEnd('/', '\\'));
        if (System.IO.Path.HasExtension(name) && (Storage.Storages.IsRemote(path) || File.Exists(path))) name = System.IO.Path.GetFileNameWithoutExtension(name);
        return string.IsNullOrWhiteSpace(name) ? "job" : name;
    }
}
