namespace CellActors.Messages;

/// <summary>How detectors process frames: denoising and segmentation settings as canonical strings (see README).</summary>
public sealed record PipelineSettings(string Denoise, string Segmentation);
