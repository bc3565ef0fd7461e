namespace CellActors.Reading.Evaluation;

/// <summary>A file of a CTC ground-truth or result folder: its time point, its slice (-1 for a whole frame or volume) and its path.</summary>
public sealed record CtcFile(int T, int Slice, string Path);
