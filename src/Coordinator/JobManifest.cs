using CellActors.Messages;
using CellActors.Reading;
using CellActors.Results;

namespace CellActors.Coordinator;

/// <summary>
/// Turns discovery output into the job's manifest (numbered <see cref="FrameRef"/>s: each frame's channel planes and
/// physical size as read from the metadata at discovery, with the job's <c>--pixel-size</c> and <c>--time-interval</c>
/// in their place where given) and its discovery errors. Detectors read exactly the planes the manifest lists, so every
/// frame of a job, resumed or not, is read the one way discovery read it.
/// </summary>
public static class JobManifest
{
    /// <summary>Discovers the command's source and writes the manifest; returns (frames, discovery errors). Throws <see cref="SourceNotFoundException"/>.</summary>
    public static (long Frames, int Errors) Write(ResultStore store, StartJob cmd)
    {
        var errors = new List<ErrorRow>();
        var frames = Number(FrameDiscovery.Discover(cmd.Source), cmd.Settings, errors);
        var n = store.CreateJob(cmd.JobId, cmd.Source, cmd.Fingerprint, cmd.BatchSize, frames, errors);
        return (n, errors.Count);
    }

    private static IEnumerable<FrameRef> Number(IEnumerable<DiscoveredInput> inputs, PipelineSettings settings, List<ErrorRow> errors)
    {
        long i = 0;
        foreach (var input in inputs)
        {
            if (input.Frame is { } f)
                yield return new FrameRef(i++, f.Dataset, f.Sequence, f.T, f.Z, f.Uri, f.Page, f.ImageId,
                    f.Channels?.Select(c => new ChannelPlane(c.Uri, c.Page, c.Name)).ToList(), Scale(f.Size, settings));
            else if (input.Issue is { } e)
                errors.Add(new ErrorRow(e.Uri, e.Page, null, "discover", e.ErrorType, e.Message));
        }
    }

    /// <summary>The frame's physical size with the job's overrides; null when nothing is known.</summary>
    private static PhysicalScale? Scale(PhysicalSize? read, PipelineSettings settings)
    {
        var size = (read ?? PhysicalSize.Unknown).Override(settings.PixelSize, settings.TimeInterval);
        return size.IsUnknown ? null : new PhysicalScale(size.X, size.Y, size.Z, size.TimeIncrement);
    }
}
