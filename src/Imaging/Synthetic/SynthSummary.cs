namespace CellActors.Imaging;

/// <summary>What <see cref="SyntheticTimeLapse.Generate"/> wrote.</summary>
/// <param name="DatasetPath">The dataset folder (<c>outDir/Dataset</c>).</param>
/// <param name="SequencePath">The raw frames folder (<c>outDir/Dataset/Sequence</c>).</param>
/// <param name="FramesWritten">Raw frames written.</param>
/// <param name="TotalTracks">Lines in man_track.txt.</param>
/// <param name="Divisions">Mother cells that divided.</param>
public sealed record SynthSummary(string DatasetPath, string SequencePath, int FramesWritten, int TotalTracks, int Divisions);
