namespace CellActors.Results.Formats;

/// <summary>
/// One exported image of a job: the frames of one input file at one time point (one per z, in z order), and the name
/// its exports take: the input's file name without extension (plus <c>_tNNNN</c> when the input holds several time
/// points), under the input's folder relative to the job's inputs when two inputs would share a name.
/// </summary>
/// <param name="Uri">The input file (or OME-Zarr image) as the job read it.</param>
/// <param name="T">The time point.</param>
/// <param name="Frames">The frames (image_id, z, height, width), in z order.</param>
/// <param name="Name">The export name without suffix, '/'-separated (e.g. <c>t000</c>, <c>plate1/A01</c>).</param>
public sealed record InputImage(string Uri, int T, IReadOnlyList<(string ImageId, int Z, int Height, int Width)> Frames, string Name);
