using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.GpuWorker;

/// <summary>The segmentation step of a <see cref="FramePipeline"/>: chosen once per pipeline from the settings.</summary>
public interface IFrameSegmenter
{
    /// <summary>What status shows, e.g. <c>classical auto</c> or <c>unet</c>.</summary>
    string Name { get; }

    /// <summary>True when the segmenter wants the denoised frame (the classical recipe); models take the raw frame they were trained on.</summary>
    bool WantsDenoised { get; }

    /// <summary>Segments one frame of <paramref name="dataset"/>.</summary>
    LabelImage Segment(Mat image, string dataset);
}
