using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>
/// StarDist and Cellpose outputs end to end: tiny ONNX models whose output is prepared maps of three known discs (a
/// constant added to the input times 0) run through <see cref="OnnxSegmenter"/> and give exactly those discs; and the
/// descriptions that contradict their ONNX outputs are refused naming the file.
/// </summary>
public sealed class StarDistCellposeSpecs : IDisposable
{
    private const int S = 64, Rays = 32;
    private static readonly (double Y, double X, double R)[] Discs = [(16, 18, 9), (40, 44, 11), (50, 14, 7)];
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static int[] Truth()
    {
        var t = new int[S * S];
        for (var y = 0; y < S; y++)
            for (var x = 0; x < S; x++)
                for (var k = 0; k < Discs.Length; k++)
                    if (Math.Pow(y - Discs[k].Y, 2) + Math.Pow(x - Discs[k].X, 2) <= Discs[k].R * Discs[k].R) t[y * S + x] = k + 1;
        return t;
    }

    /// <summary>StarDist output at <paramref name="grid"/>: channel 0 the probability (0.9 at each centre, 0.8 at the grid point to its right; as logits when <paramref name="logits"/>), then the exact ray distances there.</summary>
    private static float[] StarDistOutput(int grid, bool logits)
    {
        int g = S / grid, plane = g * g;
        var v = new float[(1 + Rays) * plane];
        if (logits) Array.Fill(v, -10f, 0, plane);
        var angles = StarDistInstances.RayAngles(Rays);
        foreach (var c in Discs)
            foreach (var (step, p) in new[] { (0, 0.9), (1, 0.8) })
            {
                int gy = (int)c.Y / grid, gx = (int)c.X / grid + step;
                var i = gy * g + gx;
                v[i] = (float)(logits ? Math.Log(p / (1 - p)) : p);
                for (var k = 0; k < Rays; k++)
                {
                    double uy = Math.Sin(angles[k]), ux = Math.Cos(angles[k]), py = gy * grid - c.Y, px = gx * grid - c.X;
                    var b = py * uy + px * ux;
                    v[(1 + k) * plane + i] = (float)(-b + Math.Sqrt(b * b - (py * py + px * px - c.R * c.R)));
                }
            }
        return v;
    }

    /// <summary>Cellpose output in the channel order cellprob, dy, dx: unit vectors toward each disc's centre, cellprob +4 inside, -4 outside.</summary>
    private static float[] CellposeOutput()
    {
        var t = Truth();
        const int plane = S * S;
        var v = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            v[i] = t[i] > 0 ? 4 : -4;
            if (t[i] == 0) continue;
            var c = Discs[t[i] - 1];
            double vy = c.Y - i / S, vx = c.X - i % S, n = Math.Sqrt(vy * vy + vx * vx);
            if (n == 0) continue;
            v[plane + i] = (float)(vy / n);
            v[2 * plane + i] = (float)(vx / n);
        }
        return v;
    }

    private string Model(string name, string output, string instances, float[] values, int channels, int grid = 1)
    {
        var dir = _tmp.Sub(name);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), OnnxTestModels.ConstantMaps("input", "out", values, channels, S, grid));
        File.WriteAllText(Path.Combine(dir, "model.json"), $$"""
            { "format": "cellactors-model/1", "name": "{{name}}", "weights": "model.onnx",
              "input": { "name": "input", "layout": "NCHW", "channels": 1, "size": {{S}}, "multiple_of": {{grid}} },
              "normalisation": { "kind": "none" },
              "output": { "name": "out", {{output}} },
              "tiling": { "tile": {{S}}, "overlap": 0 },
              "instances": { {{instances}} } }
            """);
        return dir;
    }

    private static LabelImage Segment(string dir)
    {
        using var seg = new OnnxSegmenter(ModelDescriptions.Load(dir), new OnnxSegmenterOptions(IntraOpThreads: 1));
        var frame = new float[S * S];
        for (var i = 0; i < frame.Length; i++) frame[i] = i % 7;
        return seg.Instances(seg.Predict(frame, S, S));
    }

    private static double BestIoU(int[] truth, int k, LabelImage result)
    {
        var best = 0.0;
        for (var l = 1; l <= result.Count; l++)
        {
            int inter = 0, union = 0;
            for (var i = 0; i < truth.Length; i++)
            {
                bool a = truth[i] == k, b = result.Labels[i] == l;
                if (a && b) inter++;
                if (a || b) union++;
            }
            best = Math.Max(best, inter / (double)union);
        }
        return best;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void A_stardist_model_gives_the_three_discs(int grid, bool logits)
    {
        var activation = logits ? "sigmoid" : "none";
        var dir = Model($"stardist{grid}", $$"""
            "kind": "stardist", "n_rays": {{Rays}}, "grid": [{{grid}}, {{grid}}], "activation": "{{activation}}"
            """, "\"prob_threshold\": 0.5, \"nms_threshold\": 0.4", StarDistOutput(grid, logits), 1 + Rays, grid);
        var d = ModelDescriptions.Load(dir);
        Assert.Equal((OutputKind.StarDist, Rays, grid, new StarDistOptions(0.5, 0.4)), (d.OutputKind, d.Rays, d.Grid, d.StarDist));
        var result = Segment(dir);
        Assert.Equal(3, result.Count);
        var truth = Truth();
        for (var k = 1; k <= 3; k++) Assert.True(BestIoU(truth, k, result) >= 0.9, $"disc {k}: IoU {BestIoU(truth, k, result):F3}");
    }

    [Fact]
    public void A_cellpose_model_with_its_channel_order_configured_gives_exactly_the_three_discs()
    {
        var dir = Model("cellpose", """
            "kind": "cellpose", "channels": ["cellprob", "dy", "dx"]
            """, "\"cellprob_threshold\": 0.0, \"niter\": 200, \"min_size\": 15", CellposeOutput(), 3);
        var d = ModelDescriptions.Load(dir);
        Assert.Equal((OutputKind.Cellpose, 0, 1, 2, new CellposeOptions(0.0, 200, 15, 1.0)), (d.OutputKind, d.InteriorChannel, d.FlowYChannel, d.FlowXChannel, d.Cellpose));
        var result = Segment(dir);
        Assert.Equal(3, result.Count);
        var truth = Truth();
        for (var k = 1; k <= 3; k++) Assert.Equal(1.0, BestIoU(truth, k, result));
    }

    [Fact]
    public void Defaults_apply_when_instances_say_nothing()
    {
        var dir = Model("defaults", "\"kind\": \"stardist\", \"n_rays\": 32", "", StarDistOutput(1, false), 1 + Rays);
        Assert.Equal(new StarDistOptions(0.5, 0.4, 0), ModelDescriptions.Load(dir).StarDist);
        var cp = Model("cpdefaults", "\"kind\": \"cellpose\"", "", CellposeOutput(), 3);
        Assert.Equal(new CellposeOptions(0.0, 200, 15, 1.0), ModelDescriptions.Load(cp).Cellpose);
    }

    [Fact]
    public void N_rays_that_disagree_with_the_onnx_output_are_refused_naming_the_file()
    {
        var dir = Model("rays", "\"kind\": \"stardist\", \"n_rays\": 16", "", StarDistOutput(1, false), 1 + Rays);
        var e = Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(dir));
        Assert.Contains("model.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("n_rays 16", e.Message, StringComparison.Ordinal);
        Assert.Contains("33 channels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_that_disagrees_with_the_onnx_output_is_refused()
    {
        var dir = Model("grid", "\"kind\": \"stardist\", \"n_rays\": 32, \"grid\": 4", "", StarDistOutput(2, false), 1 + Rays, 2);
        File.WriteAllText(Path.Combine(dir, "model.json"), File.ReadAllText(Path.Combine(dir, "model.json")).Replace("\"multiple_of\": 2", "\"multiple_of\": 4", StringComparison.Ordinal));
        var e = Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(dir));
        Assert.Contains("grid 4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"kind\": \"cellpose\", \"channels\": [\"dy\", \"cellprob\", \"flow\"]", "\"dx\"")]
    [InlineData("\"kind\": \"cellpose\", \"activation\": \"sigmoid\"", "activation is none")]
    [InlineData("\"kind\": \"stardist\"", "n_rays")]
    [InlineData("\"kind\": \"stardist\", \"n_rays\": 32, \"grid\": 3", "multiple of the grid 3")]
    [InlineData("\"kind\": \"stardist\", \"n_rays\": 32, \"channels\": [\"p\"]", "n_rays 32 has 33")]
    public void Inconsistent_descriptions_are_refused_naming_the_file(string output, string expected)
    {
        var dir = Model(Guid.NewGuid().ToString("N"), output, "", CellposeOutput(), 3);
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir));
        Assert.Contains("model.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private string BioImageIo(string name, int outputs)
    {
        var dir = _tmp.Sub(name);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), OnnxTestModels.ConstantMaps("raw", "out", StarDistOutput(2, false), 1 + Rays, S, 2));
        var names = string.Join(", ", Enumerable.Range(0, 1 + Rays).Select(k => k == 0 ? "prob" : $"ray{k - 1}"));
        var output = $$"""
              - id: out@ID@
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [{{names}}]
                  - {type: space, id: y}
                  - {type: space, id: x}
            """;
        File.WriteAllText(Path.Combine(dir, "bioimageio.yaml"), $$"""
            format_version: 0.5.3
            type: model
            name: {{name}}
            inputs:
              - id: raw
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [raw]
                  - {type: space, id: y, size: {{S}}}
                  - {type: space, id: x, size: {{S}}}
                preprocessing:
                  - id: scale_range
                    kwargs: {min_percentile: 1, max_percentile: 99.8}
            outputs:
            {{string.Join("\n", Enumerable.Range(0, outputs).Select(i => output.Replace("@ID@", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))}}
            weights:
              onnx:
                source: model.onnx
            config:
              stardist:
                config: {n_rays: {{Rays}}, grid: [2, 2]}
                thresholds: {prob: 0.6, nms: 0.3}
            """);
        return dir;
    }

    [Fact]
    public void A_stardist_bioimage_io_model_is_recognised_from_its_config_and_gives_the_three_discs()
    {
        var dir = BioImageIo("bioimageio-stardist", 1);
        var d = ModelDescriptions.Load(dir);
        Assert.Equal((OutputKind.StarDist, Rays, 2, new StarDistOptions(0.6, 0.3)), (d.OutputKind, d.Rays, d.Grid, d.StarDist));
        var result = Segment(dir);
        Assert.Equal(3, result.Count);
        var truth = Truth();
        for (var k = 1; k <= 3; k++) Assert.True(BestIoU(truth, k, result) >= 0.9, $"disc {k}: IoU {BestIoU(truth, k, result):F3}");
    }

    [Fact]
    public void A_stardist_bioimage_io_model_with_two_outputs_is_refused_with_the_reason()
    {
        var dir = BioImageIo("bioimageio-two", 2);
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir));
        Assert.Contains("bioimageio.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("StarDist model with 2 outputs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_time_augmentation_is_refused_for_cellpose_models()
    {
        var dir = Model("tta", "\"kind\": \"cellpose\"", "", CellposeOutput(), 3);
        Assert.Throws<ArgumentException>(() => new OnnxSegmenter(ModelDescriptions.Load(dir), new OnnxSegmenterOptions(IntraOpThreads: 1, Augmentation: TestTimeAugmentation.Flips)));
    }
}
