namespace CellActors.Inference;

/// <summary>
/// The object size a model was trained for, and whether frames are resampled to it. With <see cref="Estimate"/>, each
/// frame first goes through the model at half size; the typical diameter of what it finds (pixel-weighted median) gives the scale
/// (<see cref="FrameScale.Choose"/>) at which the frame is segmented, and the probabilities are resampled back,
/// so large nuclei reach the network at the size it knows and masks stay at the frame's resolution.
/// </summary>
/// <param name="Diameter">Typical object diameter, in pixels, of the model's training data.</param>
/// <param name="Estimate">Measure each frame's objects and rescale (true), or always segment at the frame's size.</param>
/// <param name="MinScale">Smallest scale applied (frames of very large objects).</param>
/// <param name="MaxScale">Largest scale applied (frames of very small objects; 1 never enlarges).</param>
/// <param name="FrameDiameter">The diameter of the objects in the frames, in pixels, when the user knows it (Cellpose's
/// <c>diameter</c>): every frame is then segmented at <c>Diameter / FrameDiameter</c> (<see cref="FrameScale.ForDiameter"/>)
/// and nothing is estimated; 0: not given.</param>
public sealed record ObjectSize(double Diameter, bool Estimate = true, double MinScale = 0.25, double MaxScale = 1.0, double FrameDiameter = 0);
