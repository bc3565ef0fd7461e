namespace CellActors.Imaging;

/// <summary>How <see cref="StarDistInstances"/> turns StarDist 2D outputs (object probability and radial distances) into objects.</summary>
/// <param name="ProbThreshold">A pixel is a candidate object centre when its object probability exceeds this (StarDist's <c>prob_thresh</c>).</param>
/// <param name="NmsThreshold">A candidate is suppressed when its polygon's IoU with a kept, more probable polygon exceeds this (StarDist's <c>nms_thresh</c>).</param>
/// <param name="MinArea">Objects with fewer pixels in the final label image are dropped (0: none).</param>
public sealed record StarDistOptions(double ProbThreshold = 0.5, double NmsThreshold = 0.4, int MinArea = 0);
