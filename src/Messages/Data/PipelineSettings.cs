namespace CellActors.Messages;

/// <summary>How detectors process frames: denoising and segmentation settings as canonical strings (see README).</summary>
/// <param name="Denoise">Denoising, e.g. <c>median:3</c>.</param>
/// <param name="Segmentation">A classical preset or a model.</param>
/// <param name="Channel">The channel segmented: null (the default: the first channel, the luminance of a colour image),
/// a 0-based index, or a channel name from the metadata.</param>
/// <param name="PixelSize">Pixel size in micrometres replacing what the metadata says (x and y); null: the metadata's.</param>
/// <param name="TimeInterval">Seconds between time points replacing what the metadata says; null: the metadata's.</param>
/// <remarks>The last three were added after jobs were persisted: events without them read as null (the defaults).</remarks>
public sealed record PipelineSettings(string Denoise, string Segmentation, string? Channel = null, double? PixelSize = null, double? TimeInterval = null);
