namespace CellActors.Imaging.Evaluation;

/// <summary>
/// One line of a Cell Tracking Challenge track file (<c>man_track.txt</c>, <c>res_track.txt</c>): <c>L B E P</c>.
/// </summary>
/// <param name="Label">L: the track's label, the value its object carries in the masks of frames B..E (&gt; 0).</param>
/// <param name="Begin">B: the first time point (frame index, from 0) in which the label is present.</param>
/// <param name="End">E: the last time point in which the label is present (E ≥ B; present in every frame B..E).</param>
/// <param name="Parent">P: the label of the parent track (it ends before B: a division, or a gap when it is the only child), 0 for none.</param>
public sealed record CtcTrack(int Label, int Begin, int End, int Parent);
