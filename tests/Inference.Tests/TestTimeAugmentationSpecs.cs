using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Inference.Tests;

/// <summary>
/// Test-time augmentation: the transforms undo exactly, a model that is itself symmetric gives the same maps with and
/// without augmentation (so every pass is brought back to the frame's orientation), and with augmentation the
/// shipped model's output flips with its input.
/// </summary>
public sealed class TestTimeAugmentationSpecs
{
    [Fact]
    public void Every_transform_is_undone_exactly_and_moves_pixels_where_it_says()
    {
        var plane = Enumerable.Range(0, 5 * 7).Select(i => (float)(i * 37 % 101)).ToArray();
        for (var pass = 0; pass < 8; pass++)
        {
            var t = TestTimeAugmentations.Transform(pass);
            var moved = TestTimeAugmentations.Apply(plane, 5, 7, t);
            Assert.Equal(plane, TestTimeAugmentations.Undo(moved, 5, 7, t));
        }
        var flipX = TestTimeAugmentations.Apply(plane, 5, 7, (false, true, false));
        Assert.Equal(plane[0 * 7 + 6], flipX[0]);
        var transposed = TestTimeAugmentations.Apply(plane, 5, 7, (false, false, true));
        Assert.Equal(plane[2 * 7 + 4], transposed[4 * 5 + 2]); // (y 2, x 4) lands at (y 4, x 2) of a 7 x 5 plane
        Assert.Equal(8, TestTimeAugmentation.FlipsAndTurns.Passes());
        Assert.Equal(TestTimeAugmentation.Flips, TestTimeAugmentations.Parse("4"));
        Assert.Equal(TestTimeAugmentation.FlipsAndTurns, TestTimeAugmentations.Parse("Flips+Turns"));
        Assert.Throws<ArgumentException>(() => TestTimeAugmentations.Parse("rotate"));
    }

    [Fact]
    public void A_symmetric_model_gives_the_same_maps_with_and_without_augmentation()
    {
        using var tmp = new TempDir();
        var model = ModelDescriptions.Load(OnnxTestModels.Write(tmp.Sub("m"), tile: 64, overlap: 8)); // a box convolution: symmetric under flips and turns
        using var plain = new OnnxSegmenter(model, new OnnxSegmenterOptions(IntraOpThreads: 1));
        using var augmented = new OnnxSegmenter(model, new OnnxSegmenterOptions(IntraOpThreads: 1, Augmentation: TestTimeAugmentation.FlipsAndTurns));
        var grey = Enumerable.Range(0, 90 * 70).Select(i => (float)((i % 70 - 35) * (i % 70 - 35) + (i / 70 - 40) * (i / 70 - 40) < 300 ? 200 : 10 + i % 7)).ToArray();
        var a = plain.Predict(grey, 90, 70);
        var b = augmented.Predict(grey, 90, 70);
        for (var i = 0; i < a.Interior.Length; i++)
        {
            Assert.Equal(a.Interior[i], b.Interior[i], 4);
            Assert.Equal(a.Boundary![i], b.Boundary![i], 4);
        }
        Assert.Equal(TestTimeAugmentation.FlipsAndTurns, augmented.LastChoice!.Augmentation);
    }

    [Fact]
    public void With_augmentation_the_shipped_models_masks_flip_with_the_frame()
    {
        using var s = new OnnxSegmenter(ModelDescriptions.Load(ShippedModels.Resolve(ShippedModels.Cells)),
            new OnnxSegmenterOptions(IntraOpThreads: 2, Augmentation: TestTimeAugmentation.FlipsAndTurns));
        using var f = SyntheticTimeLapse.Frames(new SynthOptions(Frames: 1, Height: 256, Width: 256, InitialCells: 14, Seed: 77)).First();
        using var flipped = new Mat();
        Cv2.Flip(f.Image, flipped, FlipMode.Y);
        var labels = s.Segment(f.Image);
        var mirrored = s.Segment(flipped);
        Assert.True(labels.Count >= 8, $"{labels.Count} objects found");
        Assert.Equal(labels.Count, mirrored.Count);
        // the same partition of the pixels, mirrored: label a at (y, x) corresponds to one label b at (y, w - 1 - x)
        var map = new Dictionary<int, int>();
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
            {
                var a = labels.Labels[y * 256 + x];
                var b = mirrored.Labels[y * 256 + 255 - x];
                Assert.Equal(a == 0, b == 0);
                if (a == 0) continue;
                if (map.TryGetValue(a, out var known)) Assert.Equal(known, b);
                else map[a] = b;
            }
        Assert.Equal(map.Count, map.Values.Distinct().Count());
    }
}
