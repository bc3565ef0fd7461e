using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>Colour images through <c>cellactors run</c>: segmented on their luminance, never refused.</summary>
public sealed class ColourRunSpecs
{
    [Fact]
    public void Colour_png_and_tiff_give_objects_and_no_errors()
    {
        using var tmp = new TempDir();
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("synth"), new SynthOptions(Frames: 1, Height: 192, Width: 192, InitialCells: 10, Seed: 5, BitDepth: 8));
        using var grey = Cv2.ImRead(Path.Combine(synth.SequencePath, "t000.tif"), ImreadModes.Unchanged);
        using var half = new Mat();
        grey.ConvertTo(half, MatType.CV_8UC1, 0.5);
        using var inverse = new Mat();
        Cv2.BitwiseNot(grey, inverse);
        var data = tmp.Dir("colour");
        using (var bgr = new Mat())
        {
            Cv2.Merge([inverse, half, grey], bgr); // red: the nuclei, green: dimmer nuclei, blue: the inverse
            Assert.True(Cv2.ImWrite(Path.Combine(data, "rgb8.png"), bgr));
            using var bgr16 = new Mat();
            bgr.ConvertTo(bgr16, MatType.CV_16UC3, 257);
            using var alpha = new Mat(bgr.Size(), MatType.CV_16UC1, new Scalar(65535));
            using var bgra16 = new Mat();
            Cv2.Merge([.. Cv2.Split(bgr16), alpha], bgra16);
            Assert.True(Cv2.ImWrite(Path.Combine(data, "rgba16.tif"), bgra16));
        }
        var results = tmp.Sub("results");

        var run = CliProcess.Run("run", data, "--out", results);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.Equal(2, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE cell_count < 5"));
        Assert.Equal(ResultsDb.Scalar(results, "SELECT cell_count FROM frames WHERE image_id LIKE '%rgb8'"),
            ResultsDb.Scalar(results, "SELECT cell_count FROM frames WHERE image_id LIKE '%rgba16'"));
    }
}
