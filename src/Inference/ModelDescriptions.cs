using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using YamlDotNet.RepresentationModel;

namespace CellActors.Inference;

/// <summary>
/// Reads model descriptions: CellActors' <c>model.json</c> (format <c>cellactors-model/1</c>) and bioimage.io model
/// descriptions (<c>bioimageio.yaml</c> / <c>rdf.yaml</c>, format 0.4 and 0.5, ONNX weights), into one
/// <see cref="ModelDescription"/>.
/// </summary>
public static class ModelDescriptions
{
    /// <summary>The format string of CellActors' own descriptions.</summary>
    public const string Format = "cellactors-model/1";

    /// <summary>File names looked for in a model folder, in this order.</summary>
    public static readonly IReadOnlyList<string> DescriptionNames = ["model.json", "bioimageio.yaml", "rdf.yaml"];

    /// <summary>Tile side used for dynamic bioimage.io models (their description gives none).</summary>
    public const int DefaultTile = 512;

    /// <summary>
    /// Loads the description at <paramref name="path"/>: a <c>model.json</c>, a bioimage.io YAML file, a folder holding
    /// one of <see cref="DescriptionNames"/> (or a <c>*.bioimageio.yaml</c>), or a bare <c>.onnx</c> file with such a
    /// description beside it (that .onnx is then used as the weights). Throws <see cref="ModelDescriptionException"/>.
    /// </summary>
    public static ModelDescription Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        string? weightsOverride = null;
        string file;
        if (Directory.Exists(full))
        {
            file = FindIn(full) ?? throw new ModelDescriptionException(full, $"no model description in this folder (looked for {string.Join(", ", DescriptionNames)}, *.bioimageio.yaml)");
        }
        else if (full.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(full)) throw new ModelDescriptionException(full, "ONNX file not found");
            var dir = System.IO.Path.GetDirectoryName(full)!;
            file = FindIn(dir) ?? throw new ModelDescriptionException(full,
                $"a bare ONNX file needs a description beside it ({string.Join(", ", DescriptionNames)}): its normalisation and output meaning cannot be guessed");
            weightsOverride = full;
        }
        else if (File.Exists(full))
        {
            file = full;
        }
        else
        {
            throw new ModelDescriptionException(full, "model description not found");
        }

        ModelDescription d;
        try
        {
            d = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(file) : ReadBioImageIo(file);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ModelDescriptionException(file, $"cannot read the description: {e.Message}", e);
        }
        if (weightsOverride is not null) d = d with { WeightsPath = weightsOverride };
        return d.Checked();
    }

    private static string? FindIn(string dir)
    {
        foreach (var n in DescriptionNames)
        {
            var p = System.IO.Path.Combine(dir, n);
            if (File.Exists(p)) return p;
        }
        return Directory.EnumerateFiles(dir, "*.bioimageio.yaml").Order(StringComparer.Ordinal).FirstOrDefault();
    }

    // ---------------- model.json ----------------

    /// <summary>Reads a CellActors <c>model.json</c>.</summary>
    public static ModelDescription ReadJson(string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ModelDescriptionException(file, $"not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var r = doc.RootElement;
            var fmt = Str(file, r, "format");
            if (fmt != Format) throw new ModelDescriptionException(file, $"format '{fmt}' is not supported (expected '{Format}')");
            var dir = System.IO.Path.GetDirectoryName(file)!;
            var input = Obj(file, r, "input");
            var layout = OptStr(input, "layout") ?? "NCHW";
            if (!layout.Equals("NCHW", StringComparison.OrdinalIgnoreCase)) throw new ModelDescriptionException(file, $"input.layout '{layout}' is not supported (NCHW only)");
            var channels = OptInt(file, input, "channels") ?? 1;
            var fixedSize = OptInt(file, input, "size");
            var multiple = OptInt(file, input, "multiple_of") ?? 1;
            var polarity = (OptStr(input, "polarity") ?? "as_is") switch
            {
                "as_is" => InputPolarity.AsIs,
                "auto" => InputPolarity.Auto,
                var p => throw new ModelDescriptionException(file, $"input.polarity '{p}' is not supported (as_is, auto)"),
            };

            var norm = Obj(file, r, "normalisation");
            var kind = Str(file, norm, "kind");
            var normalisation = kind switch
            {
                "percentile" => new Normalisation(NormalisationKind.Percentile, OptNum(file, norm, "low") ?? 1.0, OptNum(file, norm, "high") ?? 99.8, OptNum(file, norm, "eps") ?? 1e-6),
                "zero_mean_unit_variance" => new Normalisation(NormalisationKind.ZeroMeanUnitVariance, Epsilon: OptNum(file, norm, "eps") ?? 1e-6),
                "none" => new Normalisation(NormalisationKind.None),
                _ => throw new ModelDescriptionException(file, $"normalisation.kind '{kind}' is not supported (percentile, zero_mean_unit_variance, none)"),
            };

            var output = Obj(file, r, "output");
            var outKind = Str(file, output, "kind");
            var activation = ParseActivation(file, OptStr(output, "activation") ?? "none");
            var names = output.TryGetProperty("channels", out var ch) && ch.ValueKind == JsonValueKind.Array
                ? ch.EnumerateArray().Select(c => c.GetString() ?? "").ToList()
                : [];
            OutputKind ok;
            int interior, boundary;
            switch (outKind)
            {
                case "interior_boundary":
                    ok = OutputKind.InteriorBoundary;
                    if (names.Count == 0) names = ["background", "interior", "boundary"];
                    interior = names.IndexOf("interior");
                    boundary = names.IndexOf("boundary");
                    break;
                case "foreground":
                    ok = OutputKind.Foreground;
                    if (names.Count == 0) names = ["foreground"];
                    interior = Math.Max(0, names.IndexOf("foreground"));
                    boundary = -1;
                    break;
                case "stardist":
                {
                    ok = OutputKind.StarDist;
                    var rays = OptInt(file, output, "n_rays") ?? throw new ModelDescriptionException(file, "a stardist output needs \"n_rays\" (its distance channels)");
                    if (names.Count != 0 && names.Count != 1 + rays)
                        throw new ModelDescriptionException(file, $"output.channels lists {names.Count} channels; a stardist output with n_rays {rays} has {1 + rays} (probability, then the rays)");
                    names = ["prob", .. Enumerable.Range(0, Math.Max(0, rays)).Select(k => $"ray{k}")];
                    interior = 0;
                    boundary = -1;
                    break;
                }
                case "cellpose":
                    ok = OutputKind.Cellpose;
                    if (names.Count == 0) names = ["dy", "dx", "cellprob"];
                    interior = names.IndexOf("cellprob");
                    boundary = -1;
                    break;
                default:
                    throw new ModelDescriptionException(file, $"output.kind '{outKind}' is not supported (interior_boundary, foreground, stardist, cellpose)");
            }
            var grid = ok == OutputKind.StarDist ? Grid(file, output) : 1;

            var tiling = r.TryGetProperty("tiling", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var tile = (tiling.ValueKind == JsonValueKind.Object ? OptInt(file, tiling, "tile") : null) ?? fixedSize ?? DefaultTile;
            var overlap = (tiling.ValueKind == JsonValueKind.Object ? OptInt(file, tiling, "overlap") : null) ?? 32;

            var inst = new InstanceOptions();
            StarDistOptions? star = null;
            CellposeOptions? cellpose = null;
            var hasInstances = r.TryGetProperty("instances", out var ins) && ins.ValueKind == JsonValueKind.Object;
            if (ok == OutputKind.StarDist)
            {
                var sd = new StarDistOptions();
                star = hasInstances ? new StarDistOptions(OptNum(file, ins, "prob_threshold") ?? sd.ProbThreshold, OptNum(file, ins, "nms_threshold") ?? sd.NmsThreshold, OptInt(file, ins, "min_area") ?? sd.MinArea) : sd;
            }
            else if (ok == OutputKind.Cellpose)
            {
                var cd = new CellposeOptions();
                cellpose = hasInstances
                    ? new CellposeOptions(OptNum(file, ins, "cellprob_threshold") ?? cd.CellprobThreshold, OptInt(file, ins, "niter") ?? cd.Niter, OptInt(file, ins, "min_size") ?? cd.MinSize, OptNum(file, ins, "flow_scale") ?? cd.FlowScale)
                    : cd;
            }
            else if (hasInstances)
                inst = new InstanceOptions(OptNum(file, ins, "seed_threshold") ?? inst.SeedThreshold, OptNum(file, ins, "foreground_threshold") ?? inst.ForegroundThreshold,
                    OptInt(file, ins, "min_area") ?? inst.MinArea, OptInt(file, ins, "min_peak_distance") ?? inst.MinPeakDistance,
                    OptInt(file, ins, "min_seed_area") ?? inst.MinSeedArea, OptNum(file, ins, "relative_seed_area") ?? inst.RelativeSeedArea);
            if (inst.RelativeSeedArea is < 0 or > 1 || double.IsNaN(inst.RelativeSeedArea))
                throw new ModelDescriptionException(file, $"instances.relative_seed_area must be between 0 and 1, not {inst.RelativeSeedArea.ToString(CultureInfo.InvariantCulture)}");

            ObjectSize? size = null;
            if (r.TryGetProperty("object_size", out var os) && os.ValueKind == JsonValueKind.Object)
            {
                var diameter = OptNum(file, os, "diameter") ?? throw new ModelDescriptionException(file, "object_size needs \"diameter\" (pixels)");
                var estimate = !os.TryGetProperty("estimate", out var est) || est.ValueKind != JsonValueKind.False;
                size = new ObjectSize(diameter, estimate, OptNum(file, os, "min_scale") ?? 0.25, OptNum(file, os, "max_scale") ?? 1.0);
            }

            var weights = Str(file, r, "weights");
            return new ModelDescription(OptStr(r, "name") ?? System.IO.Path.GetFileName(dir), file, System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, weights)),
                Str(file, input, "name"), channels, fixedSize, multiple, normalisation, Str(file, output, "name"), ok, activation, names.Count,
                interior, boundary, tile, overlap, inst, Size: size, Polarity: polarity, Grid: grid, StarDist: star, Cellpose: cellpose,
                FlowYChannel: ok == OutputKind.Cellpose ? names.IndexOf("dy") : -1, FlowXChannel: ok == OutputKind.Cellpose ? names.IndexOf("dx") : -1);
        }
    }

    /// <summary>A stardist output's <c>grid</c>: an integer, or a list of two equal integers (StarDist's (gy, gx)); 1 when absent.</summary>
    private static int Grid(string file, JsonElement output)
    {
        if (!output.TryGetProperty("grid", out var g) || g.ValueKind == JsonValueKind.Null) return 1;
        if (g.ValueKind == JsonValueKind.Array)
        {
            var v = g.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) ? i : 0).ToList();
            if (v.Count == 2 && v[0] == v[1] && v[0] > 0) return v[0];
            throw new ModelDescriptionException(file, "output.grid must be an integer or two equal positive integers (different grids along y and x are not supported)");
        }
        return OptInt(file, output, "grid")!.Value;
    }

    private static OutputActivation ParseActivation(string file, string s) => s switch
    {
        "softmax" => OutputActivation.Softmax,
        "sigmoid" => OutputActivation.Sigmoid,
        "none" or "" => OutputActivation.None,
        _ => throw new ModelDescriptionException(file, $"output.activation '{s}' is not supported (softmax, sigmoid, none)"),
    };

    private static JsonElement Obj(string file, JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new ModelDescriptionException(file, $"missing object \"{name}\"");

    private static string Str(string file, JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new ModelDescriptionException(file, $"missing string \"{name}\"");

    private static string? OptStr(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? OptInt(string file, JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ModelDescriptionException(file, $"\"{name}\" must be an integer");
    }

    private static double? OptNum(string file, JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ModelDescriptionException(file, $"\"{name}\" must be a number");
    }

    // ---------------- bioimage.io ----------------

    /// <summary>
    /// Reads a bioimage.io model description (0.4 or 0.5) with ONNX weights, one single-channel input with axes
    /// batch, channel, y, x and one output: preprocessing <c>zero_mean_unit_variance</c> or <c>scale_range</c>
    /// (percentiles), postprocessing <c>sigmoid</c> or none; the output is read as foreground probability. A model with a
    /// <c>config.stardist</c> section (StarDist's export) is a StarDist model: one output of 1 + n_rays channels (axes batch,
    /// channel, y, x), n_rays and grid from <c>config.stardist.config</c>, thresholds from <c>config.stardist.thresholds</c>.
    /// </summary>
    public static ModelDescription ReadBioImageIo(string file)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new ModelDescriptionException(file, "not a YAML mapping");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ModelDescriptionException(file, $"not valid YAML: {e.Message}", e);
        }
        var dir = System.IO.Path.GetDirectoryName(file)!;
        if (Scalar(root, "type") is { } type && type != "model") throw new ModelDescriptionException(file, $"type '{type}' is not a model");

        var inputs = Seq(file, root, "inputs");
        var outputs = Seq(file, root, "outputs");
        var stardist = Child(root, "config", "stardist");
        if (stardist is not null && outputs.Children.Count != 1)
            throw new ModelDescriptionException(file, $"a StarDist model with {outputs.Children.Count} outputs: only one output holding the probability then the n_rays distances (1 + n_rays channels, axes batch, channel, y, x) is supported; export it so or describe it with a model.json");
        if (inputs.Children.Count != 1 || outputs.Children.Count != 1)
            throw new ModelDescriptionException(file, $"{inputs.Children.Count} inputs and {outputs.Children.Count} outputs: only models with one input and one output are supported");
        var input = (YamlMappingNode)inputs.Children[0];
        var output = (YamlMappingNode)outputs.Children[0];
        var inputName = Scalar(input, "id") ?? Scalar(input, "name") ?? throw new ModelDescriptionException(file, "input has no id/name");
        var outputName = Scalar(output, "id") ?? Scalar(output, "name") ?? throw new ModelDescriptionException(file, "output has no id/name");

        var (channels, fixedSize, multiple) = InputAxes(file, input);

        var normalisation = new Normalisation(NormalisationKind.None);
        if (input.Children.TryGetValue(new YamlScalarNode("preprocessing"), out var pre) && pre is YamlSequenceNode preSeq)
        {
            foreach (var step in preSeq.Children.OfType<YamlMappingNode>())
            {
                var id = Scalar(step, "id") ?? Scalar(step, "name") ?? "";
                var kw = step.Children.TryGetValue(new YamlScalarNode("kwargs"), out var k) && k is YamlMappingNode km ? km : new YamlMappingNode();
                switch (id)
                {
                    case "ensure_dtype":
                        break;
                    case "zero_mean_unit_variance":
                        if (Scalar(kw, "mode") is { } mode && mode != "per_sample")
                            throw new ModelDescriptionException(file, $"zero_mean_unit_variance mode '{mode}' is not supported (per_sample only)");
                        normalisation = new Normalisation(NormalisationKind.ZeroMeanUnitVariance, Epsilon: Num(file, kw, "eps") ?? 1e-6);
                        break;
                    case "scale_range":
                        normalisation = new Normalisation(NormalisationKind.Percentile, Num(file, kw, "min_percentile") ?? 0, Num(file, kw, "max_percentile") ?? 100, Num(file, kw, "eps") ?? 1e-6);
                        break;
                    default:
                        throw new ModelDescriptionException(file, $"input preprocessing '{id}' is not supported (zero_mean_unit_variance, scale_range, ensure_dtype)");
                }
            }
        }

        var activation = OutputActivation.None;
        if (output.Children.TryGetValue(new YamlScalarNode("postprocessing"), out var post) && post is YamlSequenceNode postSeq)
        {
            foreach (var step in postSeq.Children.OfType<YamlMappingNode>())
            {
                var id = Scalar(step, "id") ?? Scalar(step, "name") ?? "";
                activation = id switch
                {
                    "ensure_dtype" => activation,
                    "sigmoid" => OutputActivation.Sigmoid,
                    _ => throw new ModelDescriptionException(file, $"output postprocessing '{id}' is not supported (sigmoid, ensure_dtype)"),
                };
            }
        }
        var (outChannels, halo) = stardist is null ? OutputAxes(file, output) : StarDistAxes(file, output);
        if (stardist is not null) return ReadStarDist(file, root, stardist, inputName, outputName, channels, fixedSize, multiple, normalisation, activation, outChannels, halo);
        if (outChannels != 1)
            throw new ModelDescriptionException(file, $"output '{outputName}' has {outChannels} channels: only single-channel foreground outputs of bioimage.io models are supported");

        var source = WeightsSource(file, root);

        var tile = fixedSize ?? DefaultTile / multiple * multiple;
        var overlap = Math.Min(Math.Max(halo, 0), tile / 2 - 1);
        var name = Scalar(root, "name") ?? System.IO.Path.GetFileName(dir);
        return new ModelDescription(name, file, System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, source)), inputName, channels, fixedSize, multiple,
            normalisation, outputName, OutputKind.Foreground, activation, 1, 0, -1, tile, fixedSize is null ? Math.Max(overlap, 32) : overlap, new InstanceOptions(), NamesByPosition: true);
    }

    /// <summary>The output axes of a StarDist model, with a hint when they are StarDist's own channel-last layout.</summary>
    private static (int Channels, int Halo) StarDistAxes(string file, YamlMappingNode output)
    {
        try
        {
            return OutputAxes(file, output);
        }
        catch (ModelDescriptionException e)
        {
            throw new ModelDescriptionException(file, $"{e.Message[(file.Length + 2)..]}; StarDist's own export puts the channels last (byxc): re-export the ONNX with the channels second or describe it with a model.json", e);
        }
    }

    /// <summary>
    /// A bioimage.io model with a <c>config.stardist</c> section (as StarDist's export writes): one output of 1 + n_rays
    /// channels, n_rays and grid from <c>config.stardist.config</c>, thresholds from <c>config.stardist.thresholds</c>
    /// (<c>prob</c>, <c>nms</c>).
    /// </summary>
    private static ModelDescription ReadStarDist(string file, YamlMappingNode root, YamlMappingNode stardist, string inputName, string outputName, int channels,
        int? fixedSize, int multiple, Normalisation normalisation, OutputActivation activation, int outChannels, int halo)
    {
        var cfg = Child(stardist, "config");
        var rays = cfg is not null && Scalar(cfg, "n_rays") is { } nr ? IntOf(file, new YamlScalarNode(nr), "config.stardist.config.n_rays") : outChannels - 1;
        if (outChannels != 1 && outChannels != 1 + rays)
            throw new ModelDescriptionException(file, $"output '{outputName}' has {outChannels} channels; a StarDist output with n_rays {rays} has {1 + rays} (probability, then the rays)");
        var grid = 1;
        if (cfg is not null && cfg.Children.TryGetValue(new YamlScalarNode("grid"), out var g) && g is YamlSequenceNode gs)
        {
            var gv = gs.Children.Select(c => IntOf(file, c, "config.stardist.config.grid")).Distinct().ToList();
            grid = gv.Count == 1 ? gv[0] : throw new ModelDescriptionException(file, "config.stardist.config.grid: different grids along y and x are not supported");
        }
        var th = Child(stardist, "thresholds");
        var defaults = new StarDistOptions();
        var options = new StarDistOptions(th is null ? defaults.ProbThreshold : Num(file, th, "prob") ?? defaults.ProbThreshold, th is null ? defaults.NmsThreshold : Num(file, th, "nms") ?? defaults.NmsThreshold);
        var dir = System.IO.Path.GetDirectoryName(file)!;
        var weights = WeightsSource(file, root);
        var tile = fixedSize ?? DefaultTile / multiple * multiple;
        var overlap = Math.Min(Math.Max(halo, 0), tile / 2 - 1);
        if (fixedSize is null) overlap = Math.Max(overlap, 32) / grid * grid;
        return new ModelDescription(Scalar(root, "name") ?? System.IO.Path.GetFileName(dir), file, System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, weights)), inputName, channels,
            fixedSize, multiple, normalisation, outputName, OutputKind.StarDist, activation, 1 + rays, 0, -1, tile, overlap, new InstanceOptions(), NamesByPosition: true,
            Grid: grid, StarDist: options);
    }

    private static string WeightsSource(string file, YamlMappingNode root)
    {
        var weights = root.Children.TryGetValue(new YamlScalarNode("weights"), out var w) && w is YamlMappingNode wm ? wm : throw new ModelDescriptionException(file, "no weights");
        var onnx = wm.Children.TryGetValue(new YamlScalarNode("onnx"), out var o) && o is YamlMappingNode om
            ? om
            : throw new ModelDescriptionException(file, $"no ONNX weights (this model has: {string.Join(", ", wm.Children.Keys.Select(k => k.ToString()))}); CellActors runs ONNX models only");
        var source = Scalar(onnx, "source") ?? throw new ModelDescriptionException(file, "weights.onnx has no source");
        if (source.Contains("://", StringComparison.Ordinal))
            throw new ModelDescriptionException(file, $"weights.onnx.source is a URL ({source}): download it beside the description and give its file name (CellActors never downloads)");
        return source;
    }

    private static YamlMappingNode? Child(YamlMappingNode m, params string[] keys)
    {
        foreach (var k in keys)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(k), out var v) || v is not YamlMappingNode next) return null;
            m = next;
        }
        return m;
    }

    /// <summary>Input axes: batch, channel, y, x (0.5: a list of axis objects; 0.4: a string such as "bcyx" with a shape).</summary>
    private static (int Channels, int? FixedSize, int MultipleOf) InputAxes(string file, YamlMappingNode input)
    {
        var axesNode = input.Children.TryGetValue(new YamlScalarNode("axes"), out var a) ? a : throw new ModelDescriptionException(file, "input has no axes");
        if (axesNode is YamlScalarNode s04)
        {
            // format 0.4: axes "bcyx", shape [1, 1, 512, 512] or {min: [...], step: [...]}
            var axes = s04.Value ?? "";
            if (axes != "bcyx") throw new ModelDescriptionException(file, $"input axes '{axes}' are not supported (bcyx only)");
            var shape = input.Children.TryGetValue(new YamlScalarNode("shape"), out var sh) ? sh : throw new ModelDescriptionException(file, "input has no shape");
            if (shape is YamlSequenceNode fixedShape)
            {
                var dims = fixedShape.Children.Select(c => IntOf(file, c, "shape")).ToArray();
                if (dims.Length != 4 || dims[2] != dims[3]) throw new ModelDescriptionException(file, $"input shape [{string.Join(", ", dims)}]: a square b,c,y,x shape is needed");
                return (dims[1], dims[2], 1);
            }
            var sm = (YamlMappingNode)shape;
            var min = ((YamlSequenceNode)sm.Children[new YamlScalarNode("min")]).Children.Select(c => IntOf(file, c, "shape.min")).ToArray();
            var step = ((YamlSequenceNode)sm.Children[new YamlScalarNode("step")]).Children.Select(c => IntOf(file, c, "shape.step")).ToArray();
            if (step[2] != step[3]) throw new ModelDescriptionException(file, "different steps for y and x are not supported");
            return (min[1], step[2] == 0 ? min[2] : null, Math.Max(1, step[2]));
        }
        var list = (axesNode as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().ToList() ?? throw new ModelDescriptionException(file, "input axes are neither a list nor a string");
        var types = list.Select(x => Scalar(x, "type") ?? "").ToList();
        var ids = list.Select(x => Scalar(x, "id") ?? (Scalar(x, "type") == "space" ? null : Scalar(x, "type"))).ToList();
        // 0.5: a space axis without id is x
        for (var i = 0; i < ids.Count; i++) ids[i] ??= "x";
        if (types.Count != 4 || types[0] != "batch" || types[1] != "channel" || ids[2] != "y" || ids[3] != "x")
            throw new ModelDescriptionException(file, $"input axes [{string.Join(", ", ids)}] are not supported (batch, channel, y, x only)");
        var chan = list[1];
        var channels = chan.Children.TryGetValue(new YamlScalarNode("channel_names"), out var cn) && cn is YamlSequenceNode cs ? cs.Children.Count : 1;
        int? Fixed(YamlMappingNode ax) => ax.Children.TryGetValue(new YamlScalarNode("size"), out var sz) && sz is YamlScalarNode ss ? IntOf(file, ss, "size") : null;
        (int Min, int Step)? Param(YamlMappingNode ax) => ax.Children.TryGetValue(new YamlScalarNode("size"), out var sz) && sz is YamlMappingNode sm2 && sm2.Children.ContainsKey(new YamlScalarNode("step"))
            ? (IntOf(file, sm2.Children[new YamlScalarNode("min")], "size.min"), IntOf(file, sm2.Children[new YamlScalarNode("step")], "size.step"))
            : null;
        var (fy, fx) = (Fixed(list[2]), Fixed(list[3]));
        if (fy is not null || fx is not null)
        {
            if (fy != fx) throw new ModelDescriptionException(file, $"input size {fy}x{fx}: only square fixed sizes are supported");
            return (channels, fy, 1);
        }
        var (py, px) = (Param(list[2]), Param(list[3]));
        if (py is null || px is null || py.Value.Step != px.Value.Step) throw new ModelDescriptionException(file, "input y/x sizes must both be fixed, or both {min, step} with the same step");
        return (channels, py.Value.Step == 0 ? py.Value.Min : null, Math.Max(1, py.Value.Step));
    }

    private static (int Channels, int Halo) OutputAxes(string file, YamlMappingNode output)
    {
        var axesNode = output.Children.TryGetValue(new YamlScalarNode("axes"), out var a) ? a : throw new ModelDescriptionException(file, "output has no axes");
        if (axesNode is YamlScalarNode s04)
        {
            if (s04.Value != "bcyx") throw new ModelDescriptionException(file, $"output axes '{s04.Value}' are not supported (bcyx only)");
            var halo = output.Children.TryGetValue(new YamlScalarNode("halo"), out var h) && h is YamlSequenceNode hs ? hs.Children.Skip(2).Select(c => IntOf(file, c, "halo")).DefaultIfEmpty(0).Max() : 0;
            var ch = 1;
            if (output.Children.TryGetValue(new YamlScalarNode("shape"), out var sh) && sh is YamlMappingNode shm
                && shm.Children.TryGetValue(new YamlScalarNode("offset"), out var off) && off is YamlSequenceNode offs && offs.Children.Count == 4)
                ch = Math.Max(1, (int)Math.Round(2 * double.Parse(((YamlScalarNode)offs.Children[1]).Value ?? "0", CultureInfo.InvariantCulture)) + 1);
            return (ch, halo);
        }
        var list = (axesNode as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().ToList() ?? throw new ModelDescriptionException(file, "output axes are neither a list nor a string");
        var types = list.Select(x => Scalar(x, "type") ?? "").ToList();
        if (types.Count != 4 || types[0] != "batch" || types[1] != "channel" || types[2] != "space" || types[3] != "space")
            throw new ModelDescriptionException(file, $"output axes [{string.Join(", ", types)}] are not supported (batch, channel, y, x only)");
        var channels = list[1].Children.TryGetValue(new YamlScalarNode("channel_names"), out var cn) && cn is YamlSequenceNode cs ? cs.Children.Count : 1;
        var haloMax = list.Skip(2).Select(x => Scalar(x, "halo") is { } hv ? IntOf(file, new YamlScalarNode(hv), "halo") : 0).Max();
        return (channels, haloMax);
    }

    private static YamlSequenceNode Seq(string file, YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlSequenceNode s ? s : throw new ModelDescriptionException(file, $"missing list \"{key}\"");

    private static string? Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static double? Num(string file, YamlMappingNode m, string key) =>
        Scalar(m, key) is { } s
            ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new ModelDescriptionException(file, $"\"{key}\" must be a number, not '{s}'")
            : null;

    private static int IntOf(string file, YamlNode n, string what) =>
        n is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new ModelDescriptionException(file, $"{what}: '{n}' is not an integer");
}
