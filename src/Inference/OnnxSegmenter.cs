using CellActors.Imaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace CellActors.Inference;

/// <summary>
/// Segments frames with an ONNX model: one <see cref="InferenceSession"/> (CPU or CUDA device) created once and reused
/// for every frame; input and output tensors are <see cref="OrtValue"/>s over buffers allocated once (pinned, reused
/// for every run; one view per tile shape). A frame is converted to grey, normalised over the whole frame, cut into
/// tiles (<see cref="TilePlan"/>: centre-crop, mirrored padding at the frame edges and up to the model's multiple or
/// fixed size), run in batches of tiles, and the probabilities are turned into instances by
/// <see cref="ProbabilityInstances"/> (StarDist outputs by <see cref="StarDistInstances"/>, Cellpose outputs by
/// <see cref="CellposeInstances"/>). Not thread-safe: one per detector. Dispose it to free the session.
/// </summary>
public sealed class OnnxSegmenter : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly Dictionary<(int N, int H, int W), (OrtValue In, OrtValue Out)> _views = [];
    private double _lastDiameter = double.NaN;
    private bool _disposed;

    /// <summary>Creates the session for <paramref name="model"/> on <paramref name="options"/>' device and checks the ONNX inputs and outputs against the description.</summary>
    /// <exception cref="ModelDescriptionException">The ONNX file does not match the description or cannot be loaded.</exception>
    /// <exception cref="InferenceDeviceException">The device cannot be used.</exception>
    public OnnxSegmenter(ModelDescription model, OnnxSegmenterOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        var o = options ?? new OnnxSegmenterOptions();
        Device = o.Device;
        using var so = OnnxRuntimeInfo.CreateOptions(o.Device, o.IntraOpThreads);
        try
        {
            _session = new InferenceSession(model.WeightsPath, so);
        }
        catch (OnnxRuntimeException e) when (o.Device.IsGpu && !e.Message.Contains("ModelProto", StringComparison.Ordinal) && !e.Message.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceDeviceException($"GPU {o.Device}: ONNX Runtime could not create a session for {model.WeightsPath}: {e.Message.Trim()}", e);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelDescriptionException(model.WeightsPath, $"ONNX Runtime cannot load this model: {e.Message.Trim()}", e);
        }
        try
        {
            var (inputName, outputName, maxBatch) = CheckAgainstModel(_session, model);
            BatchSize = Math.Max(1, Math.Min(maxBatch, o.BatchSize > 0 ? o.BatchSize : o.Device.IsGpu ? 16 : 2));
            Tile = model.FixedSize ?? (o.Tile > 0 ? TilePlan.RoundUp(o.Tile, model.MultipleOf) : model.Tile);
            Overlap = o.Overlap >= 0 ? o.Overlap : model.Overlap;
            Augmentation = o.Augmentation;
            if (2 * Overlap >= Tile) throw new ArgumentException($"overlap {Overlap} must be less than half the tile {Tile}");
            if (model.OutputKind is OutputKind.StarDist or OutputKind.Cellpose && Augmentation.Passes() > 1)
                throw new ArgumentException($"test-time augmentation is not supported for {model.OutputKind} models (their distances and flows would need turning with the frame)");
            _inputNames = [inputName];
            _outputNames = [outputName];
            _input = new float[BatchSize * model.Channels * Tile * Tile];
            _output = new float[BatchSize * model.OutputChannels * Tile * Tile];
        }
        catch
        {
            _session.Dispose();
            _run.Dispose();
            throw;
        }
    }

    /// <summary>The model's description.</summary>
    public ModelDescription Model { get; }

    /// <summary>The device the session runs on.</summary>
    public InferenceDevice Device { get; }

    /// <summary>The provider for status: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public string Provider => Device.ToString();

    /// <summary>Tiles per run.</summary>
    public int BatchSize { get; }

    /// <summary>Largest tile side.</summary>
    public int Tile { get; }

    /// <summary>Context kept on each inner tile edge and discarded.</summary>
    public int Overlap { get; }

    /// <summary>Model runs so far (one per batch of tiles).</summary>
    public long Runs { get; private set; }

    /// <summary>Test-time augmentation of every pass.</summary>
    public TestTimeAugmentation Augmentation { get; }

    /// <summary>The scale the last frame was segmented at (1 unless the model has an <see cref="ObjectSize"/> to estimate).</summary>
    public double LastScale { get; private set; } = 1.0;

    /// <summary>What was chosen for the last frame (<see cref="Predict(Mat)"/>, <see cref="Segment"/>), and why; null before the first.</summary>
    public SegmentationChoice? LastChoice { get; private set; }

    /// <summary>Loads the description at <paramref name="path"/> and opens a CPU session to check that the ONNX file matches it; throws <see cref="ModelDescriptionException"/>.</summary>
    public static ModelDescription Check(string path) => Check(ModelDescriptions.Load(path));

    /// <summary>Opens a CPU session to check that the description's ONNX file matches it; throws <see cref="ModelDescriptionException"/>.</summary>
    public static ModelDescription Check(ModelDescription d)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var _ = new OnnxSegmenter(d, new OnnxSegmenterOptions(IntraOpThreads: 1, BatchSize: 1));
        return d;
    }

    /// <summary>Segments a frame (any size, 8/16-bit or float, grey or colour) into instances.</summary>
    public LabelImage Segment(Mat image) => Instances(Predict(image));

    /// <summary>
    /// The probability maps of a frame. Its appearance is measured first (<see cref="ImageAppearance.Measure"/>); a
    /// model whose description asks for <see cref="InputPolarity.Auto"/> sees the frame inverted when its background
    /// is bright. <see cref="LastChoice"/> records what was chosen.
    /// </summary>
    public ProbabilityMaps Predict(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictGrey(FrameNormaliser.Grey(image), image.Rows, image.Cols, ImageAppearance.HasColour(image));
    }

    /// <summary>The probability maps of a grey frame given as row-major values (not yet normalised); as <see cref="Predict(Mat)"/>.</summary>
    public ProbabilityMaps Predict(ReadOnlySpan<float> grey, int height, int width)
    {
        if (grey.Length != height * width) throw new ArgumentException($"{grey.Length} values for a {height}x{width} frame");
        return PredictGrey(grey.ToArray(), height, width, colour: false);
    }

    private ProbabilityMaps PredictGrey(float[] grey, int h, int w, bool colour)
    {
        var appearance = ImageAppearance.Measure(grey, h, w, colour);
        var invert = Model.Polarity == InputPolarity.Auto && appearance.Inverted;
        if (invert)
            for (var i = 0; i < grey.Length; i++) grey[i] = -grey[i];
        var maps = PredictSized(Normalise(grey), h, w);
        LastChoice = new SegmentationChoice(LastScale, invert, appearance, _lastDiameter, Augmentation);
        return maps;
    }

    /// <summary>Instances from probability maps, with the description's thresholds (sizes taken at the maps' <see cref="ProbabilityMaps.Scale"/>).</summary>
    public LabelImage Instances(ProbabilityMaps p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (Model.OutputKind == OutputKind.StarDist)
        {
            var g = p.Grid;
            return StarDistInstances.FromRays(p.Interior, p.Extra, (p.Height + g - 1) / g, (p.Width + g - 1) / g, g, p.Height, p.Width, Model.StarDist!);
        }
        if (Model.OutputKind == OutputKind.Cellpose)
        {
            var hw = p.Height * p.Width;
            var flows = p.Extra.AsSpan();
            return CellposeInstances.FromFlows(flows[..hw], flows[hw..], p.Interior, p.Height, p.Width, Model.Cellpose!);
        }
        var o = Model.Instances.AtScale(p.Scale);
        return p.Boundary is { } b
            ? ProbabilityInstances.FromInteriorBoundary(p.Interior, b, p.Height, p.Width, o)
            : ProbabilityInstances.FromForeground(p.Interior, p.Height, p.Width, o);
    }

    private float[] Normalise(float[] grey)
    {
        FrameNormaliser.Apply(grey, Model.Normalisation);
        return grey;
    }

    /// <summary>
    /// The maps of a normalised frame at the frame's size. A model with an <see cref="ObjectSize"/> to estimate sees the
    /// frame first at <see cref="FrameScale.ProbeScale"/>; the objects found there choose the scale of the pass whose
    /// maps are resampled back (that of the probe itself when the scales agree).
    /// </summary>
    private ProbabilityMaps PredictSized(float[] x, int h, int w)
    {
        LastScale = 1.0;
        _lastDiameter = double.NaN;
        if (Model.Size is { FrameDiameter: > 0 } given)
        {
            // The user gave the objects' diameter: one pass at the scale it implies, nothing estimated.
            _lastDiameter = given.FrameDiameter;
            var fixedScale = FrameScale.ForDiameter(given.FrameDiameter, given);
            LastScale = fixedScale;
            if (fixedScale == 1.0) return PredictNormalised(x, h, w);
            return FrameScale.Resize(PredictScaled(x, h, w, fixedScale), h, w) with { Scale = fixedScale };
        }
        if (Model.Size is not { Estimate: true } size) return PredictNormalised(x, h, w);
        var probe = PredictScaled(x, h, w, FrameScale.ProbeScale);
        var found = Instances(probe);
        _lastDiameter = FrameScale.TypicalDiameter(found) / FrameScale.ProbeScale;
        var scale = FrameScale.Choose(found, FrameScale.ProbeScale, size);
        LastScale = scale;
        if (scale == 1.0) return PredictNormalised(x, h, w);
        var maps = scale == FrameScale.ProbeScale ? probe : PredictScaled(x, h, w, scale);
        return FrameScale.Resize(maps, h, w) with { Scale = scale };
    }

    /// <summary>The maps of the frame resampled by <paramref name="scale"/>, at that size.</summary>
    private ProbabilityMaps PredictScaled(float[] x, int h, int w, double scale)
    {
        var sh = FrameScale.Scaled(h, scale);
        var sw = FrameScale.Scaled(w, scale);
        return PredictNormalised(FrameScale.Resize(x, h, w, sh, sw), sh, sw);
    }

    /// <summary>The maps of a normalised plane at its own size, averaged over the test-time augmentation's passes.</summary>
    private ProbabilityMaps PredictNormalised(float[] x, int h, int w)
    {
        var passes = Augmentation.Passes();
        if (passes == 1) return PredictOnce(x, h, w);
        float[]? interior = null, boundary = null;
        for (var pass = 0; pass < passes; pass++)
        {
            var t = TestTimeAugmentations.Transform(pass);
            var (th, tw) = t.Transpose ? (w, h) : (h, w);
            var m = PredictOnce(pass == 0 ? x : TestTimeAugmentations.Apply(x, h, w, t), th, tw);
            var i = pass == 0 ? m.Interior : TestTimeAugmentations.Undo(m.Interior, h, w, t);
            var b = m.Boundary is null ? null : pass == 0 ? m.Boundary : TestTimeAugmentations.Undo(m.Boundary, h, w, t);
            interior = Accumulate(interior, i);
            if (b is not null) boundary = Accumulate(boundary, b);
        }
        var scale = 1f / passes;
        for (var k = 0; k < interior!.Length; k++) interior[k] *= scale;
        if (boundary is not null)
            for (var k = 0; k < boundary.Length; k++) boundary[k] *= scale;
        return new ProbabilityMaps(h, w, interior, boundary);
    }

    private static float[] Accumulate(float[]? sum, float[] values)
    {
        if (sum is null) return (float[])values.Clone();
        for (var k = 0; k < sum.Length; k++) sum[k] += values[k];
        return sum;
    }

    private ProbabilityMaps PredictOnce(float[] x, int h, int w)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (h < 1 || w < 1) throw new ArgumentException("empty frame");
        var th = TileSide(h);
        var tw = TileSide(w);
        var ys = TilePlan.Axis(h, th, Overlap);
        var xs = TilePlan.Axis(w, tw, Overlap);
        var tiles = new List<(TileSpan Y, TileSpan X)>(ys.Count * xs.Count);
        foreach (var y in ys)
            foreach (var xx in xs)
                tiles.Add((y, xx));

        var g = Model.Grid;
        var (gh, gw) = ((h + g - 1) / g, (w + g - 1) / g);
        var interior = new float[gh * gw];
        var boundary = Model.OutputKind == OutputKind.InteriorBoundary ? new float[h * w] : null;
        var extra = Model.OutputKind switch
        {
            OutputKind.StarDist => new float[Model.Rays * gh * gw],
            OutputKind.Cellpose => new float[2 * h * w],
            _ => null,
        };
        var plane = th * tw;
        for (var first = 0; first < tiles.Count; first += BatchSize)
        {
            var n = Math.Min(BatchSize, tiles.Count - first);
            for (var b = 0; b < n; b++)
            {
                var (ty, tx) = tiles[first + b];
                var dst = _input.AsSpan(b * plane, plane);
                for (var r = 0; r < th; r++)
                {
                    var row = x.AsSpan(TilePlan.Mirror(ty.Start + r, h) * w, w);
                    var d = dst.Slice(r * tw, tw);
                    if (tx.Start >= 0 && tx.Start + tw <= w) row.Slice(tx.Start, tw).CopyTo(d);
                    else for (var c = 0; c < tw; c++) d[c] = row[TilePlan.Mirror(tx.Start + c, w)];
                }
            }
            var (inValue, outValue) = Views(n, th, tw);
            _session.Run(_run, _inputNames, [inValue], _outputNames, [outValue]);
            Runs++;
            for (var b = 0; b < n; b++)
            {
                if (Model.OutputKind == OutputKind.StarDist) CollectStarDist(tiles[first + b], b, th, tw, gw, gh * gw, interior, extra!);
                else if (Model.OutputKind == OutputKind.Cellpose) CollectCellpose(tiles[first + b], b, th, tw, w, h * w, interior, extra!);
                else Collect(tiles[first + b], b, th, tw, w, interior, boundary);
            }
        }
        return new ProbabilityMaps(h, w, interior, boundary, Extra: extra, Grid: g);
    }

    /// <summary>
    /// The tile side along an axis of <paramref name="length"/> pixels: a fixed-size model's size; otherwise the smallest
    /// multiple of the model's multiple that needs no more tiles than <see cref="Tile"/> does (a 1024-pixel axis with
    /// tiles of 512 and an overlap of 32 takes three tiles of 416, not three of 512), so little is computed twice.
    /// </summary>
    private int TileSide(int length)
    {
        if (Model.FixedSize is { } f) return f;
        var m = Model.MultipleOf;
        if (length + 2 * Overlap <= Tile) return TilePlan.RoundUp(length + 2 * Overlap, m);
        var n = TilePlan.Axis(length, Tile, Overlap).Count;
        return Math.Min(Tile, TilePlan.RoundUp((length + n - 1) / n + 2 * Overlap, m));
    }

    /// <summary>Copies the kept region of tile <paramref name="b"/> of the last run into the maps, applying the activation.</summary>
    private void Collect((TileSpan Y, TileSpan X) tile, int b, int th, int tw, int w, float[] interior, float[]? boundary)
    {
        var k = Model.OutputChannels;
        var plane = th * tw;
        var baseIndex = b * k * plane;
        var ic = Model.InteriorChannel;
        var bc = Model.BoundaryChannel;
        for (var y = tile.Y.WriteStart; y < tile.Y.WriteEnd; y++)
        {
            var ry = y - tile.Y.Start;
            for (var xx = tile.X.WriteStart; xx < tile.X.WriteEnd; xx++)
            {
                var p = baseIndex + ry * tw + (xx - tile.X.Start);
                var o = y * w + xx;
                switch (Model.Activation)
                {
                    case OutputActivation.Softmax:
                    {
                        var max = float.NegativeInfinity;
                        for (var c = 0; c < k; c++) max = Math.Max(max, _output[p + c * plane]);
                        float sum = 0;
                        for (var c = 0; c < k; c++) sum += MathF.Exp(_output[p + c * plane] - max);
                        interior[o] = MathF.Exp(_output[p + ic * plane] - max) / sum;
                        if (boundary is not null) boundary[o] = MathF.Exp(_output[p + bc * plane] - max) / sum;
                        break;
                    }
                    case OutputActivation.Sigmoid:
                        interior[o] = 1f / (1f + MathF.Exp(-_output[p + ic * plane]));
                        if (boundary is not null) boundary[o] = 1f / (1f + MathF.Exp(-_output[p + bc * plane]));
                        break;
                    default:
                        interior[o] = _output[p + ic * plane];
                        if (boundary is not null) boundary[o] = _output[p + bc * plane];
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Copies the grid points of tile <paramref name="b"/>'s kept region from a StarDist output (at the model's grid) into
    /// the probability map (activation applied) and the ray planes: grid point (i, j) is the frame pixel (i·g, j·g), read
    /// from the output cell that holds it (the same cell when the tile starts on the grid, the one before otherwise).
    /// </summary>
    private void CollectStarDist((TileSpan Y, TileSpan X) tile, int b, int th, int tw, int gw, int gridPlane, float[] prob, float[] rays)
    {
        var g = Model.Grid;
        var (oh, ow) = (th / g, tw / g);
        var k = Model.OutputChannels;
        var plane = oh * ow;
        var baseIndex = b * k * plane;
        for (var gy = (tile.Y.WriteStart + g - 1) / g; gy * g < tile.Y.WriteEnd; gy++)
        {
            var oy = Math.Min(oh - 1, (gy * g - tile.Y.Start) / g);
            for (var gx = (tile.X.WriteStart + g - 1) / g; gx * g < tile.X.WriteEnd; gx++)
            {
                var ox = Math.Min(ow - 1, (gx * g - tile.X.Start) / g);
                var p = baseIndex + oy * ow + ox;
                var o = gy * gw + gx;
                var v = _output[p];
                prob[o] = Model.Activation == OutputActivation.Sigmoid ? 1f / (1f + MathF.Exp(-v)) : v;
                for (var r = 1; r < k; r++) rays[(r - 1) * gridPlane + o] = _output[p + r * plane];
            }
        }
    }

    /// <summary>Copies the kept region of tile <paramref name="b"/> from a Cellpose output: the cell-probability logit as is, then the flows dY and dX.</summary>
    private void CollectCellpose((TileSpan Y, TileSpan X) tile, int b, int th, int tw, int w, int framePlane, float[] cellprob, float[] flows)
    {
        var plane = th * tw;
        var baseIndex = b * 3 * plane;
        var (cc, yc, xc) = (Model.InteriorChannel, Model.FlowYChannel, Model.FlowXChannel);
        for (var y = tile.Y.WriteStart; y < tile.Y.WriteEnd; y++)
        {
            var ry = y - tile.Y.Start;
            for (var xx = tile.X.WriteStart; xx < tile.X.WriteEnd; xx++)
            {
                var p = baseIndex + ry * tw + (xx - tile.X.Start);
                var o = y * w + xx;
                cellprob[o] = _output[p + cc * plane];
                flows[o] = _output[p + yc * plane];
                flows[framePlane + o] = _output[p + xc * plane];
            }
        }
    }

    /// <summary>The input and output tensors for a batch of <paramref name="n"/> tiles of <paramref name="th"/> × <paramref name="tw"/>: views over the same pinned buffers, created once per shape.</summary>
    private (OrtValue In, OrtValue Out) Views(int n, int th, int tw)
    {
        if (_views.TryGetValue((n, th, tw), out var v)) return v;
        if (_views.Count >= 16)
        {
            foreach (var (i, o) in _views.Values)
            {
                i.Dispose();
                o.Dispose();
            }
            _views.Clear();
        }
        var inShape = new long[] { n, Model.Channels, th, tw };
        var g = Model.Grid;
        var outShape = new long[] { n, Model.OutputChannels, th / g, tw / g };
        var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, n * Model.Channels * th * tw), inShape);
        var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n * Model.OutputChannels * (th / g) * (tw / g)), outShape);
        _views[(n, th, tw)] = (inValue, outValue);
        return (inValue, outValue);
    }

    /// <summary>Checks the session's input and output against the description; returns the ONNX input and output names and the largest batch the model takes.</summary>
    private static (string Input, string Output, int MaxBatch) CheckAgainstModel(InferenceSession s, ModelDescription d)
    {
        var file = d.WeightsPath;
        string Names(IReadOnlyDictionary<string, NodeMetadata> m) =>
            string.Join(", ", m.Select(kv => $"{kv.Key} [{string.Join("x", kv.Value.Dimensions.Select(x => x < 0 ? "?" : x.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {kv.Value.ElementDataType}"));
        var inputName = d.NamesByPosition && s.InputMetadata.Count == 1 ? s.InputMetadata.Keys.First() : d.InputName;
        var outputName = d.NamesByPosition && s.OutputMetadata.Count == 1 ? s.OutputMetadata.Keys.First() : d.OutputName;
        if (!s.InputMetadata.TryGetValue(inputName, out var input))
            throw new ModelDescriptionException(file, $"has no input '{d.InputName}' (as {d.DescriptionPath} says); its inputs: {Names(s.InputMetadata)}");
        if (s.InputMetadata.Count != 1)
            throw new ModelDescriptionException(file, $"has {s.InputMetadata.Count} inputs ({Names(s.InputMetadata)}); only single-input models are supported");
        if (!s.OutputMetadata.TryGetValue(outputName, out var output))
            throw new ModelDescriptionException(file, $"has no output '{d.OutputName}' (as {d.DescriptionPath} says); its outputs: {Names(s.OutputMetadata)}");
        if (input.ElementDataType != TensorElementType.Float || output.ElementDataType != TensorElementType.Float)
            throw new ModelDescriptionException(file, $"input and output must be float32 (input {input.ElementDataType}, output {output.ElementDataType})");
        var i = input.Dimensions;
        var o = output.Dimensions;
        if (i.Length != 4) throw new ModelDescriptionException(file, $"input '{d.InputName}' has {i.Length} dimensions; NCHW (4) expected");
        if (o.Length != 4) throw new ModelDescriptionException(file, $"output '{d.OutputName}' has {o.Length} dimensions; NCHW (4) expected");
        if (i[1] >= 0 && i[1] != d.Channels) throw new ModelDescriptionException(file, $"input '{d.InputName}' has {i[1]} channels; {d.DescriptionPath} says {d.Channels}");
        if (o[1] >= 0 && o[1] != d.OutputChannels)
            throw new ModelDescriptionException(file, d.OutputKind == OutputKind.StarDist
                ? $"output '{d.OutputName}' has {o[1]} channels; {d.DescriptionPath} says a stardist output with n_rays {d.Rays}, i.e. {d.OutputChannels} (1 probability + {d.Rays} rays)"
                : $"output '{d.OutputName}' has {o[1]} channels; {d.DescriptionPath} says {d.OutputChannels}");
        if (d.Grid > 1 && i[2] > 0 && o[2] > 0 && o[2] * d.Grid != i[2])
            throw new ModelDescriptionException(file, $"output '{d.OutputName}' is {o[2]} high for an input of {i[2]}: not the grid {d.Grid} that {d.DescriptionPath} says");
        var fixedH = i[2] >= 0 ? i[2] : (int?)null;
        var fixedW = i[3] >= 0 ? i[3] : (int?)null;
        if (fixedH is not null || fixedW is not null)
        {
            if (d.FixedSize is not { } f || fixedH != f || fixedW != f)
                throw new ModelDescriptionException(file, $"input '{d.InputName}' is fixed at {fixedH?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}x{fixedW?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, but {d.DescriptionPath} describes " +
                    (d.FixedSize is { } g ? $"a fixed size of {g}" : $"any size (multiple of {d.MultipleOf})"));
        }
        return (inputName, outputName, i[0] > 0 ? i[0] : int.MaxValue);
    }

    /// <summary>Frees the session and the tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var (i, o) in _views.Values)
        {
            i.Dispose();
            o.Dispose();
        }
        _views.Clear();
        _session.Dispose();
        _run.Dispose();
    }
}
