using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>Bad descriptions and ONNX files that do not match them fail with messages naming the file and the problem.</summary>
public sealed class DescriptionSpecs : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string ModelWithJson(string json)
    {
        var dir = OnnxTestModels.Write(_tmp.Sub(Guid.NewGuid().ToString("N")));
        File.WriteAllText(Path.Combine(dir, "model.json"), json);
        return dir;
    }

    private const string Good = """
        { "format": "cellactors-model/1", "name": "m", "weights": "model.onnx",
          "input": { "name": "input", "layout": "NCHW", "channels": 1, "multiple_of": 16 },
          "normalisation": { "kind": "percentile", "low": 1.0, "high": 99.8 },
          "output": { "name": "logits", "kind": "interior_boundary", "activation": "softmax", "channels": ["background", "interior", "boundary"] },
          "tiling": { "tile": 512, "overlap": 32 },
          "instances": { "seed_threshold": 0.6, "foreground_threshold": 0.4, "min_area": 12, "min_peak_distance": 5, "min_seed_area": 30 } }
        """;

    [Fact]
    public void A_good_model_json_reads_every_field()
    {
        var dir = ModelWithJson(Good);
        var d = ModelDescriptions.Load(dir);
        Assert.Equal(("input", "logits", 16, 512, 32), (d.InputName, d.OutputName, d.MultipleOf, d.Tile, d.Overlap));
        Assert.Equal(new Normalisation(NormalisationKind.Percentile, 1.0, 99.8), d.Normalisation);
        Assert.Equal((OutputKind.InteriorBoundary, OutputActivation.Softmax, 3, 1, 2), (d.OutputKind, d.Activation, d.OutputChannels, d.InteriorChannel, d.BoundaryChannel));
        Assert.Equal(new InstanceOptions(0.6, 0.4, 12, 5, 30), d.Instances);
        Assert.Equal(d, ModelDescriptions.Load(Path.Combine(dir, "model.json")));
        Assert.Equal(d, ModelDescriptions.Load(Path.Combine(dir, "model.onnx")) with { });
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{ "format": "other/2" }""", "format 'other/2' is not supported")]
    [InlineData("""{ "format": "cellactors-model/1", "weights": "model.onnx", "normalisation": { "kind": "percentile" } }""", "missing object \"input\"")]
    public void Broken_json_is_refused_naming_the_file(string json, string expected)
    {
        var dir = ModelWithJson(json);
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir));
        Assert.Contains(Path.Combine(dir, "model.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"kind\": \"percentile\"", "\"kind\": \"histogram\"", "normalisation.kind 'histogram' is not supported")]
    [InlineData("\"kind\": \"interior_boundary\"", "\"kind\": \"distances\"", "output.kind 'distances' is not supported")]
    [InlineData("\"activation\": \"softmax\"", "\"activation\": \"relu\"", "output.activation 'relu' is not supported")]
    [InlineData("\"layout\": \"NCHW\"", "\"layout\": \"NHWC\"", "NCHW only")]
    [InlineData("\"overlap\": 32", "\"overlap\": 256", "overlap 256 must be at least 0 and less than half the tile")]
    [InlineData("\"tile\": 512", "\"tile\": 500", "tile 500 must be a positive multiple of 16")]
    [InlineData("\"high\": 99.8", "\"high\": 0.5", "percentiles low 1 and high 0.5")]
    [InlineData("\"weights\": \"model.onnx\"", "\"weights\": \"gone.onnx\"", "weights file not found")]
    [InlineData("\"boundary\"]", "\"edge\"]", "\"interior\" and \"boundary\"")]
    public void Bad_values_are_refused_naming_the_file_and_the_value(string from, string to, string expected)
    {
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(ModelWithJson(Good.Replace(from, to, StringComparison.Ordinal))));
        Assert.Contains("model.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_description_and_a_bare_onnx_file_alone_are_refused()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("bare"), json: false);
        Assert.Contains("no model description in this folder", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir)).Message, StringComparison.Ordinal);
        Assert.Contains("needs a description beside it", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(Path.Combine(dir, "model.onnx"))).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(_tmp.Sub("nothing-here"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_onnx_input_name_that_differs_from_the_description_is_refused_listing_the_real_inputs()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("renamed"), inputName: "image");
        var e = Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(dir));
        Assert.Contains("model.onnx: has no input 'input'", e.Message, StringComparison.Ordinal);
        Assert.Contains("its inputs: image [?x1x?x?] Float", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_onnx_output_with_other_channels_or_name_is_refused()
    {
        var two = OnnxTestModels.Write(_tmp.Sub("two"), outChannels: 2);
        Assert.Contains("output 'logits' has 2 channels", Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(two)).Message, StringComparison.Ordinal);
        var named = OnnxTestModels.Write(_tmp.Sub("named"), outputName: "probs");
        Assert.Contains("has no output 'logits'", Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(named)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_size_onnx_described_as_dynamic_is_refused()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("fixed"), fixedSize: 64);
        var e = Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(dir));
        Assert.Contains("is fixed at 64x64, but", e.Message, StringComparison.Ordinal);
        Assert.Contains("any size (multiple of 16)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_batch_of_one_limits_the_batch()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("batch1"), fixedBatch: 1);
        using var s = new OnnxSegmenter(ModelDescriptions.Load(dir), new OnnxSegmenterOptions(BatchSize: 8));
        Assert.Equal(1, s.BatchSize);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        var dir = OnnxTestModels.Write(_tmp.Sub("garbage"));
        File.WriteAllText(Path.Combine(dir, "model.onnx"), "this is not a model");
        var e = Assert.Throws<ModelDescriptionException>(() => OnnxSegmenter.Check(dir));
        Assert.Contains("model.onnx: ONNX Runtime cannot load this model", e.Message, StringComparison.Ordinal);
    }

    [SharedFact(Shared.BioImageIoRelative)]
    public void A_bioimageio_yaml_with_unsupported_steps_or_no_onnx_weights_is_refused()
    {
        var yaml = File.ReadAllText(Path.Combine(Shared.BioImageIo, "bioimageio.yaml"));
        var dir = Directory.CreateDirectory(_tmp.Sub("bio")).FullName;
        File.Copy(Path.Combine(Shared.BioImageIo, "weights.onnx"), Path.Combine(dir, "weights.onnx"));
        File.WriteAllText(Path.Combine(dir, "bioimageio.yaml"), yaml.Replace("id: zero_mean_unit_variance", "id: binarize", StringComparison.Ordinal));
        var e = Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir));
        Assert.Contains("bioimageio.yaml: input preprocessing 'binarize' is not supported", e.Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "bioimageio.yaml"), yaml.Replace("  onnx:", "  keras_hdf5:", StringComparison.Ordinal));
        Assert.Contains("no ONNX weights", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir)).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "bioimageio.yaml"), yaml + "\n  - [unclosed");
        Assert.Contains("not valid YAML", Assert.Throws<ModelDescriptionException>(() => ModelDescriptions.Load(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_a_gpu_on_the_cpu_build_fails_naming_the_build_property()
    {
        if (OnnxRuntimeInfo.HasCudaProvider) return; // a GPU build: covered where a GPU exists
        var d = ModelDescriptions.Load(OnnxTestModels.Write(_tmp.Sub("gpu")));
        var e = Assert.Throws<InferenceDeviceException>(() => new OnnxSegmenter(d, new OnnxSegmenterOptions(InferenceDevice.Cuda(1))));
        Assert.Contains("GPU cuda:1 requested", e.Message, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxGpu=true", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("cuda", "cuda:0")]
    [InlineData("CUDA:3", "cuda:3")]
    public void Devices_parse_and_print(string text, string expected) => Assert.Equal(expected, InferenceDevice.Parse(text).ToString());

    [Fact]
    public void Gpu_lists_parse_and_refuse_nonsense()
    {
        Assert.Equal(["cuda:0", "cuda:2"], InferenceDevice.ParseGpuList("0, 2,0").Select(d => d.ToString()));
        Assert.Throws<ArgumentException>(() => InferenceDevice.ParseGpuList("a,b"));
        Assert.Throws<ArgumentException>(() => InferenceDevice.ParseGpuList(""));
        Assert.Throws<ArgumentException>(() => InferenceDevice.Parse("tpu:1"));
    }
}
