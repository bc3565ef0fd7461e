using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// One synthetic frame in memory: the raw image (CV_16UC1 or CV_8UC1) and its exact ground truth.
/// Dispose it to free the image.
/// </summary>
public sealed class SynthFrame : IDisposable
{
    internal SynthFrame(int t, Mat image, LabelImage segmentation, LabelImage tracking, int[] trackIds)
    {
        T = t;
        Image = image;
        Segmentation = segmentation;
        Tracking = tracking;
        TrackIds = trackIds;
    }

    /// <summary>0-based time point.</summary>
    public int T { get; }

    /// <summary>Raw frame, CV_16UC1 (BitDepth 16) or CV_8UC1 (BitDepth 8).</summary>
    public Mat Image { get; }

    /// <summary>Instance labels 1..n, numbered in increasing track id (what man_seg holds).</summary>
    public LabelImage Segmentation { get; }

    /// <summary>Labels = track ids, consistent over time (what man_track holds); Count = highest id present.</summary>
    public LabelImage Tracking { get; }

    /// <summary><c>TrackIds[i]</c> is the track id of segmentation label <c>i + 1</c>.</summary>
    public int[] TrackIds { get; }

    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}
