using CellActors.Imaging;

namespace CellActors.Inference;

/// <summary>Per-pixel probabilities of one frame: <see cref="Interior"/> is the interior (or foreground) probability, <see cref="Boundary"/> the boundary probability of interior/boundary models.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Interior">Row-major interior (foreground) probability.</param>
/// <param name="Boundary">Row-major boundary probability, or null for foreground models.</param>
/// <param name="Scale">The scale at which the model saw the frame: one pixel of the model spans 1 / Scale pixels of these maps
/// (1: the maps are at the model's resolution). Sizes in <see cref="InstanceOptions"/> are in the model's pixels.</param>
/// <param name="Extra">The other outputs of StarDist and Cellpose models, planes one after the other: StarDist's n_rays distance
/// planes (at <see cref="Grid"/>, as <see cref="Interior"/>), Cellpose's dY then dX plane (<see cref="Interior"/> then holds the
/// cell-probability logit). Null for other models.</param>
/// <param name="Grid">StarDist's subsampling: <see cref="Interior"/> and the planes of <see cref="Extra"/> hold
/// ceil(Height / Grid) × ceil(Width / Grid) values, grid point (i, j) being the pixel (i·Grid, j·Grid). 1 for other models.</param>
public sealed record ProbabilityMaps(int Height, int Width, float[] Interior, float[]? Boundary, double Scale = 1.0, float[]? Extra = null, int Grid = 1);
