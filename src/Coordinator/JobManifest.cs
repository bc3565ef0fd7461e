using CellActors.Messages;
using CellActors.Reading;
using CellActors.Results;

namespace CellActors.Coordinator;

/// <summary>Turns discovery output into the job's manifest (numbered <see cref="FrameRef"/>s) and its discovery errors.</summary>
public static class JobManifest
{
    /// <summary>Discovers the command's source and writes the manifest; returns (frames, discovery errors). Throws <see cref="SourceNotFoundException"/>.</summary>
    public static (long Frames, int Errors) Write(ResultStore store, StartJob cmd)
    {
        var errors = new List<ErrorRow>();
        var frames = Number(FrameDiscovery.Discover(cmd.Source), errors);
        var n = store.CreateJob(cmd.JobId, cmd.Source, cmd.Fingerprint, cmd.BatchSize, frames, errors);
        return (n, errors.Count);
    }

    private static IEnumerable<FrameRef> Number(IEnumerable<DiscoveredInput> inputs, List<ErrorRow> errors)
    {
        long i = 0;
        foreach (var input in inputs)
        {
            if (input.Frame is { } f)
                yield return new FrameRef(i++, f.Dataset, f.Sequence, f.T, f.Z, f.Uri, f.Page, f.ImageId);
            else if (input.Issue is { } e)
                errors.Add(new ErrorRow(e.Uri, e.Page, null, "discover", e.ErrorType, e.Message));
        }
    }
}
