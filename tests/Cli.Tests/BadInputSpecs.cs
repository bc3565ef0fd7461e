using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>A job over many inputs records each bad one in <c>errors</c> (naming the file and what is wrong) and goes on.</summary>
public sealed class BadInputSpecs
{
    private static void WriteGoodFrames(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var i = 0;
        foreach (var f in SyntheticTimeLapse.Frames(new SynthOptions(Frames: count, Height: 128, Width: 128, InitialCells: 6, Seed: 9)))
        {
            using (f) Cv2.ImWrite(Path.Combine(dir, $"good{i++}.tif"), f.Image);
        }
    }

    private static void WriteBadFrames(string dir, string goodTemplate)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "empty.tif"), []);
        var bytes = File.ReadAllBytes(goodTemplate);
        File.WriteAllBytes(Path.Combine(dir, "truncated.tif"), bytes[..(bytes.Length / 2)]);
        var rng = new Random(4);
        var noise = new byte[5000];
        rng.NextBytes(noise);
        File.WriteAllBytes(Path.Combine(dir, "random.tif"), noise);
        File.WriteAllText(Path.Combine(dir, "notes.tif"), "this is a text file, not an image\n");
        TestTiff.Write(Path.Combine(dir, "fivechannel.tif"), [new TestTiff.Page(16, 16, 8, BitMiracle.LibTiff.Classic.SampleFormat.UINT, 5, new byte[16 * 16 * 5])]);
        using (var nan = new Mat(32, 32, MatType.CV_32FC1, new Scalar(float.NaN)))
            Cv2.ImWrite(Path.Combine(dir, "nan.tif"), nan);
    }

    [Fact]
    public void Each_bad_input_gets_an_errors_row_and_the_good_frames_are_processed()
    {
        using var tmp = new TempDir();
        var data = tmp.Sub("mixed");
        WriteGoodFrames(data, 3);
        WriteBadFrames(data, Path.Combine(data, "good0.tif"));
        File.WriteAllText(Path.Combine(data, "README.txt"), "not an input: ignored");
        var results = tmp.Sub("results");

        var r = CliProcess.Run("run", "--segmenter", "default", data, "--out", results);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(3, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));

        var errors = ResultsDb.Rows(results, "SELECT uri, error_type, message FROM errors ORDER BY uri")
            .ToDictionary(e => Path.GetFileName((string)e[0]), e => ((string)e[1], (string)e[2]));
        Assert.Equal(["empty.tif", "fivechannel.tif", "nan.tif", "notes.tif", "random.tif", "truncated.tif"], errors.Keys.Order());
        Assert.Equal("empty_file", errors["empty.tif"].Item1);
        Assert.Equal("truncated", errors["truncated.tif"].Item1);
        Assert.Equal("not_an_image", errors["notes.tif"].Item1);
        Assert.Equal("not_an_image", errors["random.tif"].Item1);
        Assert.Equal("unsupported_shape", errors["fivechannel.tif"].Item1);
        Assert.Equal("nan_values", errors["nan.tif"].Item1);
        foreach (var (file, (_, message)) in errors) Assert.Contains(file, message);
    }

    [Fact]
    public void A_job_whose_every_input_fails_exits_non_zero_with_a_clear_message()
    {
        using var tmp = new TempDir();
        var good = tmp.Sub("good");
        WriteGoodFrames(good, 1);
        var data = tmp.Sub("bad");
        WriteBadFrames(data, Path.Combine(good, "good0.tif"));
        var results = tmp.Sub("results");

        var r = CliProcess.Run("run", "--segmenter", "default", data, "--out", results);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("every input failed", r.Stderr);
        Assert.Equal(6, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));
    }
}
