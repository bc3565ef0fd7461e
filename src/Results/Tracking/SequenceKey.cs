namespace CellActors.Results.Tracking;

/// <summary>A sequence of a job as tracking sees it.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Sequence">Sequence name.</param>
/// <param name="Frames">Time points with a frames row.</param>
/// <param name="ThreeD">Whether its frames have several z planes (tracked per sequence only in 2D).</param>
/// <param name="IdOffset">Its track ids are <c>IdOffset + 1, IdOffset + 2, …</c>: sequences get disjoint ranges of
/// <see cref="TrackingStore.IdsPerSequence"/> ids so a track id is unique in the job; the CTC label is
/// <c>track_id − IdOffset</c>.</param>
public sealed record SequenceKey(string Dataset, string Sequence, int Frames, bool ThreeD, int IdOffset = 0);
