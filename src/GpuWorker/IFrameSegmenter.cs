using CellActors.Imaging;
using CellActors.Messages;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>The segmentation step of a <see cref="FramePipeline"/>: chosen once per pipeline from the settings.</summary>
public interface IFrameSegmenter
{
    /// <summary>What status shows, e.g. <c>auto (unet-cells)</c>, <c>unet</c> or <c>classical sim</c>.</summary>
    string Name { get; }

    /// <summary>True when the segmenter wants the denoised frame (the classical recipe); models take the raw frame they were trained on.</summary>
    bool WantsDenoised { get; }

    /// <summary>Segments one frame; returns its instances and what was chosen for it, from its pixels.</summary>
    (LabelImage Labels, FrameSegmentation Choice) Segment(Mat image);
}
