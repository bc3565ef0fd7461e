using CellActors.Imaging;

namespace CellActors.Inference;

/// <summary>
/// One description of an ONNX segmentation model, whatever file it came from (CellActors' <c>model.json</c> or a
/// bioimage.io <c>bioimageio.yaml</c>); see <see cref="ModelDescriptions.Load"/>. Layout is always NCHW float32.
/// </summary>
/// <param name="Name">Model name (for logs and status).</param>
/// <param name="DescriptionPath">The file this description was read from.</param>
/// <param name="WeightsPath">Absolute path of the ONNX file.</param>
/// <param name="InputName">Name of the ONNX input.</param>
/// <param name="Channels">Input channels (1: the grey frame).</param>
/// <param name="FixedSize">Height and width the model only accepts (bioimage.io fixed shapes), or null for dynamic models.</param>
/// <param name="MultipleOf">Height and width of every tile are multiples of this (dynamic models).</param>
/// <param name="Normalisation">Input normalisation.</param>
/// <param name="OutputName">Name of the ONNX output.</param>
/// <param name="OutputKind">Meaning of the output channels.</param>
/// <param name="Activation">Activation applied to the output.</param>
/// <param name="OutputChannels">Channels of the output.</param>
/// <param name="InteriorChannel">Index of the interior (or foreground) channel.</param>
/// <param name="BoundaryChannel">Index of the boundary channel (interior/boundary models), else -1.</param>
/// <param name="Tile">Largest tile side (a fixed-size model's size).</param>
/// <param name="Overlap">Pixels of context kept on each inner side of a tile and discarded (the model's halo).</param>
/// <param name="Instances">Thresholds of the post-processing.</param>
/// <param name="NamesByPosition">True when the input and output names are the description's tensor ids rather than the ONNX graph's names (bioimage.io: tensors are matched by position, so a single ONNX input and output are used whatever their names).</param>
/// <param name="Size">The object size the model expects, or null (frames are segmented at their own size).</param>
/// <param name="Polarity">Whether frames are inverted, per frame from their pixels, before the model sees them.</param>
/// <param name="Grid">StarDist models: the output's subsampling (output height and width are the tile's divided by it); 1 otherwise.</param>
/// <param name="StarDist">StarDist models: the decoding thresholds (<see cref="InteriorChannel"/> is the probability, every other channel a ray distance, in ray order); null otherwise.</param>
/// <param name="Cellpose">Cellpose models: the decoding parameters (<see cref="InteriorChannel"/> is the cell-probability logit); null otherwise.</param>
/// <param name="FlowYChannel">Cellpose models: the channel of the flow dY; -1 otherwise.</param>
/// <param name="FlowXChannel">Cellpose models: the channel of the flow dX; -1 otherwise.</param>
public sealed record ModelDescription(
    string Name,
    string DescriptionPath,
    string WeightsPath,
    string InputName,
    int Channels,
    int? FixedSize,
    int MultipleOf,
    Normalisation Normalisation,
    string OutputName,
    OutputKind OutputKind,
    OutputActivation Activation,
    int OutputChannels,
    int InteriorChannel,
    int BoundaryChannel,
    int Tile,
    int Overlap,
    InstanceOptions Instances,
    bool NamesByPosition = false,
    ObjectSize? Size = null,
    InputPolarity Polarity = InputPolarity.AsIs,
    int Grid = 1,
    StarDistOptions? StarDist = null,
    CellposeOptions? Cellpose = null,
    int FlowYChannel = -1,
    int FlowXChannel = -1)
{
    /// <summary>StarDist models: the number of rays (every output channel but the probability); 0 otherwise.</summary>
    public int Rays => OutputKind == OutputKind.StarDist ? OutputChannels - 1 : 0;

    /// <summary>Checks the numbers that the readers cannot (sizes and overlaps); throws <see cref="ModelDescriptionException"/>.</summary>
    public ModelDescription Checked()
    {
        string? problem = null;
        if (Channels != 1) problem = $"input channels {Channels}: only single-channel (grey) models are supported";
        else if (MultipleOf < 1) problem = $"multiple_of {MultipleOf} must be at least 1";
        else if (Tile < MultipleOf || Tile % MultipleOf != 0) problem = $"tile {Tile} must be a positive multiple of {MultipleOf}";
        else if (FixedSize is { } f && f != Tile) problem = $"fixed input size {f} and tile {Tile} differ";
        else if (Overlap < 0 || 2 * Overlap >= Tile) problem = $"overlap {Overlap} must be at least 0 and less than half the tile ({Tile})";
        else if (Normalisation.Kind == NormalisationKind.Percentile && !(Normalisation.Low >= 0 && Normalisation.Low < Normalisation.High && Normalisation.High <= 100))
            problem = $"percentiles low {Normalisation.Low} and high {Normalisation.High} must satisfy 0 <= low < high <= 100";
        else if (OutputKind == OutputKind.InteriorBoundary && (OutputChannels < 3 || InteriorChannel < 0 || BoundaryChannel < 0))
            problem = "an interior_boundary output needs channels that include \"interior\" and \"boundary\"";
        else if (InteriorChannel >= OutputChannels || BoundaryChannel >= OutputChannels)
            problem = $"channel index beyond the output's {OutputChannels} channels";
        else if (Size is { } z && !(z.Diameter > 0 && z.MinScale > 0 && z.MinScale <= 1 && z.MaxScale >= 1 && z.FrameDiameter >= 0))
            problem = $"object_size: diameter {z.Diameter} must be positive, min_scale {z.MinScale} <= 1 <= max_scale {z.MaxScale} (min_scale above 0) and frame_diameter {z.FrameDiameter} at least 0";
        else if (KindProblem() is { } kp) problem = kp;
        else if (!File.Exists(WeightsPath)) problem = $"weights file not found: {WeightsPath}";
        if (problem is not null) throw new ModelDescriptionException(DescriptionPath, problem);
        return this;
    }

    private string? KindProblem()
    {
        if (OutputKind is not (OutputKind.StarDist or OutputKind.Cellpose))
            return Grid != 1 ? $"grid {Grid}: only stardist outputs have a grid" : null;
        var kind = OutputKind == OutputKind.StarDist ? "stardist" : "cellpose";
        if (Size is not null) return $"object_size is not supported for {kind} outputs (their maps are not resampled)";
        if (OutputKind == OutputKind.StarDist)
        {
            if (StarDist is not { } s) return "a stardist output needs its thresholds";
            if (Rays < 3) return $"a stardist output needs 1 probability channel and n_rays >= 3 distance channels; it has {OutputChannels} channels";
            if (InteriorChannel != 0) return "a stardist output's probability must be channel 0";
            if (Grid < 1) return $"grid {Grid} must be at least 1";
            if (FixedSize is null && MultipleOf % Grid != 0) return $"multiple_of {MultipleOf} must be a multiple of the grid {Grid} (the output is the tile divided by the grid)";
            if (FixedSize is { } f && f % Grid != 0) return $"fixed input size {f} must be a multiple of the grid {Grid}";
            if (Activation == OutputActivation.Softmax) return "a stardist output's activation is sigmoid or none";
            if (!(s.ProbThreshold >= 0 && s.ProbThreshold < 1) || !(s.NmsThreshold >= 0 && s.NmsThreshold <= 1) || s.MinArea < 0)
                return $"instances: prob_threshold {s.ProbThreshold} must be in [0, 1), nms_threshold {s.NmsThreshold} in [0, 1], min_area {s.MinArea} at least 0";
            return null;
        }
        if (Cellpose is not { } c) return "a cellpose output needs its parameters";
        if (Grid != 1) return $"grid {Grid}: cellpose outputs have the input's size";
        if (OutputChannels != 3 || new[] { InteriorChannel, FlowYChannel, FlowXChannel }.Distinct().Count() != 3 || Math.Min(InteriorChannel, Math.Min(FlowYChannel, FlowXChannel)) < 0)
            return $"a cellpose output has 3 channels named \"dy\", \"dx\" and \"cellprob\" (in any order); this one has {OutputChannels}";
        if (Activation != OutputActivation.None) return "a cellpose output's activation is none (cellprob is read as the logit)";
        if (c.Niter < 0 || c.MinSize < 0 || !(c.FlowScale > 0))
            return $"instances: niter {c.Niter} and min_size {c.MinSize} must be at least 0, flow_scale {c.FlowScale} positive";
        return null;
    }
}
