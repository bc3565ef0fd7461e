using CellActors.TestSupport;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>The shared bioimage.io nucleus U-Net (fixed 1x1x512x512 input) runs through the generic backend.</summary>
public sealed class BioImageIoSpecs
{
    [SharedFact(Shared.BioImageIoRelative)]
    public void Its_description_maps_onto_a_model_description()
    {
        var d = ModelDescriptions.Load(Shared.BioImageIo);
        Assert.Equal("raw", d.InputName);
        Assert.Equal("probability", d.OutputName);
        Assert.Equal(512, d.FixedSize);
        Assert.Equal(512, d.Tile);
        Assert.Equal(32, d.Overlap);
        Assert.Equal(NormalisationKind.ZeroMeanUnitVariance, d.Normalisation.Kind);
        Assert.Equal(OutputKind.Foreground, d.OutputKind);
        Assert.Equal(OutputActivation.Sigmoid, d.Activation);
        Assert.EndsWith("weights.onnx", d.WeightsPath, StringComparison.Ordinal);
    }

    [SharedFact(Shared.BioImageIoRelative)]
    public void Reproduces_its_test_output_within_1e_4()
    {
        var (inShape, input) = Npy.ReadFloat32(Path.Combine(Shared.BioImageIo, "test_input.npy"));
        var (outShape, expected) = Npy.ReadFloat32(Path.Combine(Shared.BioImageIo, "test_output.npy"));
        Assert.Equal([1, 1, 512, 512], inShape);
        Assert.Equal([1, 1, 512, 512], outShape);
        // overlap 0: the frame is exactly one tile, as the reference ran it
        using var s = new OnnxSegmenter(ModelDescriptions.Load(Shared.BioImageIo), new OnnxSegmenterOptions(Overlap: 0));
        var p = s.Predict(input, 512, 512);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(p.Interior[i] - expected[i]));
        Assert.True(worst < 1e-4, $"largest difference {worst}");
        Assert.Equal(1, s.Runs);
    }

    [SharedFact(Shared.BioImageIoRelative)]
    public void Segments_its_test_input_into_nuclei_with_tiling()
    {
        var (_, input) = Npy.ReadFloat32(Path.Combine(Shared.BioImageIo, "test_input.npy"));
        using var s = new OnnxSegmenter(ModelDescriptions.Load(Shared.BioImageIo));
        var labels = s.Instances(s.Predict(input, 512, 512));
        Assert.Equal(4, s.Runs); // 512 + 2 × 32 of context does not fit one fixed 512 tile
        Assert.InRange(labels.Count, 10, 2000);
    }

    [SharedFact(Shared.BioImageIoRelative)]
    public void A_frame_larger_and_one_smaller_than_its_fixed_tile_work()
    {
        var (_, input) = Npy.ReadFloat32(Path.Combine(Shared.BioImageIo, "test_input.npy"));
        using var s = new OnnxSegmenter(ModelDescriptions.Load(Shared.BioImageIo), new OnnxSegmenterOptions(BatchSize: 4));
        // 700 x 600: the test input mirrored out; 100 x 130: a crop padded up to the fixed tile
        var big = new float[700 * 600];
        for (var y = 0; y < 700; y++)
            for (var x = 0; x < 600; x++)
                big[y * 600 + x] = input[TilePlan.Mirror(y, 512) * 512 + TilePlan.Mirror(x, 512)];
        var pb = s.Predict(big, 700, 600);
        Assert.Equal(700 * 600, pb.Interior.Length);
        Assert.True(s.Instances(pb).Count > 10);
        var small = new float[100 * 130];
        for (var y = 0; y < 100; y++)
            for (var x = 0; x < 130; x++)
                small[y * 130 + x] = input[(200 + y) * 512 + 200 + x];
        var ps = s.Predict(small, 100, 130);
        Assert.All(ps.Interior, v => Assert.InRange(v, 0f, 1f));
        Assert.True(s.Instances(ps).Count > 0);
    }

    [SharedFact(Shared.BioImageIoRelative)]
    public void A_bare_onnx_file_uses_the_description_beside_it()
    {
        var d = ModelDescriptions.Load(Path.Combine(Shared.BioImageIo, "weights.onnx"));
        Assert.Equal("raw", d.InputName);
        Assert.EndsWith("bioimageio.yaml", d.DescriptionPath, StringComparison.Ordinal);
    }
}
