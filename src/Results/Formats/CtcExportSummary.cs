namespace CellActors.Results.Formats;

/// <summary>What <see cref="CtcExport.Export"/> wrote.</summary>
/// <param name="Dataset">The dataset exported.</param>
/// <param name="Sequence">The sequence exported.</param>
/// <param name="Masks">Mask files written.</param>
/// <param name="Objects">Objects written.</param>
/// <param name="FilledMissing">Time points of the manifest without a frames row (inputs that failed), written as empty masks of the sequence's shape.</param>
/// <param name="Tracks">Lines written to <c>res_track.txt</c>, or null when the sequence is not tracked (masks keep the per-frame labels).</param>
public sealed record CtcExportSummary(string Dataset, string Sequence, int Masks, long Objects, IReadOnlyList<int> FilledMissing, int? Tracks = null);
