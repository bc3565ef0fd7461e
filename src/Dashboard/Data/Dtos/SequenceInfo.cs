namespace CellActors.Dashboard.Data;

/// <summary>A (dataset, sequence) of a job: frames, time range, z slices per time point, cells.</summary>
public sealed record SequenceInfo(string Dataset, string Sequence, long Frames, int TMin, int TMax, int ZCount, long Cells);
