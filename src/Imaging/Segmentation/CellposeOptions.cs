namespace CellActors.Imaging;

/// <summary>How <see cref="CellposeInstances"/> turns Cellpose outputs (flows dY, dX and a cell-probability logit) into objects.</summary>
/// <param name="CellprobThreshold">Pixels whose cell-probability logit exceeds this follow the flows (Cellpose's <c>cellprob_threshold</c>).</param>
/// <param name="Niter">Euler steps each pixel takes along the flow field (Cellpose's <c>niter</c>).</param>
/// <param name="MinSize">Masks with fewer pixels are removed (Cellpose's <c>min_size</c>).</param>
/// <param name="FlowScale">Each step is the bilinearly interpolated flow times this (1: the flow as given; Cellpose networks
/// predict five times the unit flow and Cellpose divides by 5, i.e. 0.2).</param>
public sealed record CellposeOptions(double CellprobThreshold = 0.0, int Niter = 200, int MinSize = 15, double FlowScale = 1.0);
