namespace CellActors.Imaging.Evaluation;

/// <summary>One operation AOGM charges for, as the official tool logs it.</summary>
/// <param name="Kind">NS, FN, FP, ED, EA or EC.</param>
/// <param name="Where">The vertex (<c>T=3 Label=5</c>) or edge (<c>[T=3 Label=5] -&gt; [T=4 Label=5]</c>); GT labels for FN and EA, result labels otherwise.</param>
public sealed record TraOperation(string Kind, string Where);
