using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// Hyperstacks and OME-TIFF through <c>cellactors run</c>: one frames row per (t, z), every channel measured per object
/// and per frame, physical units, the channel chosen by <c>--channel</c>, and files with bad metadata in <c>errors</c>
/// while the job goes on.
/// </summary>
public sealed class ChannelsRunSpecs
{
    /// <summary>An ImageJ TCYX hyperstack of 2 time points: channel 0 synthetic nuclei, channel 1 = 500 + channel 0 / 2.</summary>
    private static void WriteHyperstack(string path, string synthDir)
    {
        var synth = SyntheticTimeLapse.Generate(synthDir, new SynthOptions(Frames: 2, Height: 128, Width: 128, InitialCells: 8, Seed: 11));
        var pages = new List<TestTiff.Page>();
        for (int t = 0; t < 2; t++)
        {
            using var nuclei = Cv2.ImRead(Path.Combine(synth.SequencePath, $"t{t:D3}.tif"), ImreadModes.Unchanged);
            using var second = new Mat();
            nuclei.ConvertTo(second, MatType.CV_16UC1, 0.5, 500);
            string? description = t == 0 ? "ImageJ=1.54f\nimages=4\nchannels=2\nframes=2\nhyperstack=true\n" : null;
            pages.Add(TestTiff.FromMat(nuclei, description));
            pages.Add(TestTiff.FromMat(second));
        }
        TestTiff.Write(path, pages, Compression.LZW);
    }

    [Fact]
    public void Hyperstack_channels_are_measured_per_object_with_units_and_bad_metadata_is_an_error_row()
    {
        using var tmp = new TempDir();
        var data = tmp.Dir("data");
        WriteHyperstack(Path.Combine(data, "cells.tif"), tmp.Sub("synth"));
        var fixtures = tmp.Dir("fixtures");
        MicroscopyFixtures.Generate(fixtures);
        foreach (var f in new[] { "bad/ambiguous.tif", "bad/contradictory.tif" })
            File.Copy(Path.Combine(fixtures, f), Path.Combine(data, Path.GetFileName(f)));
        File.Copy(Path.Combine(fixtures, "ome_xyczt.ome.tif"), Path.Combine(tmp.Dir("data/ome"), "ome_xyczt.ome.tif")); // a 3D sequence of its own
        var results = tmp.Sub("results");

        var run = CliProcess.Run("run", data, "--out", results, "--pixel-size", "0.5", "--time-interval", "10", "--track");

        Assert.True(run.ExitCode == 0, run.ToString());
        // 2 frames of the hyperstack (never 4 time points) and 6 of the OME-TIFF (2 t x 3 z); the bad files are errors.
        Assert.Equal([0L, 1L], ResultsDb.Rows(results, "SELECT t FROM frames WHERE image_id LIKE 'data/cells%' ORDER BY t").Select(r => (long)r[0]));
        Assert.Equal(6, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE image_id LIKE 'data/ome/ome_xyczt%'"));
        var errors = ResultsDb.Rows(results, "SELECT uri, error_type, message FROM errors ORDER BY uri");
        Assert.Equal([("ambiguous.tif", "ambiguous_axes"), ("contradictory.tif", "metadata_mismatch")],
            errors.Select(e => (Path.GetFileName((string)e[0]), (string)e[1])));
        Assert.All(errors, e => Assert.Contains(Path.GetFileName((string)e[0]), (string)e[2]));

        // Every channel of every object; channel 1 is 500 + channel 0 / 2 pixel for pixel (to rounding).
        long objects = ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects WHERE image_id LIKE 'data/cells%'");
        Assert.True(objects >= 8, $"{objects} objects");
        Assert.Equal(2 * objects, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM object_intensities WHERE image_id LIKE 'data/cells%'"));
        Assert.Equal(0, ResultsDb.Scalar(results, """
            SELECT COUNT(*) FROM object_intensities a JOIN object_intensities b ON b.job = a.job AND b.image_id = a.image_id AND b.label = a.label AND b.channel = 1
            JOIN objects o ON o.job = a.job AND o.image_id = a.image_id AND o.label = a.label
            WHERE a.channel = 0 AND (abs(b.mean - (500 + a.mean / 2)) > 0.51 OR abs(a.mean - o.intensity_mean) > 1e-9 OR abs(a.sum - o.intensity_sum) > 1e-6 OR a.std <= 0)
            """));
        Assert.Equal(4, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frame_intensities WHERE image_id LIKE 'data/cells%'"));
        Assert.Equal(["DAPI", "GFP"], ResultsDb.Rows(results, "SELECT DISTINCT channel_name FROM frame_intensities WHERE image_id LIKE 'data/ome%' ORDER BY channel").Select(r => (string)r[0]));

        // Units: the overrides on every frame, areas in µm², speeds in µm/s.
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE physical_size_x <> 0.5 OR physical_size_y <> 0.5 OR time_increment <> 10"));
        Assert.Equal(1.5, (double)ResultsDb.Rows(results, "SELECT DISTINCT physical_size_z FROM frames WHERE image_id LIKE 'data/ome%'").Single()[0]);
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects WHERE abs(area_um2 - area * 0.25) > 1e-9 OR abs(equivalent_diameter_um - sqrt(4 * area * 0.25 / pi())) > 1e-6"));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM tracks WHERE sequence = '' AND abs(mean_speed_um_s - mean_speed * 0.05) > 1e-9"));
        Assert.True(ResultsDb.Scalar(results, "SELECT COUNT(*) FROM tracks WHERE mean_speed_um_s IS NOT NULL") > 0);
    }

    [Fact]
    public void Channel_option_chooses_what_is_segmented_and_a_missing_name_is_an_error_row()
    {
        using var tmp = new TempDir();
        var data = tmp.Dir("data");
        WriteHyperstack(Path.Combine(data, "cells.tif"), tmp.Sub("synth"));
        var byIndex = tmp.Sub("by-index");
        var byName = tmp.Sub("by-name");

        var first = CliProcess.Run("run", data, "--out", byIndex, "--channel", "1");
        var second = CliProcess.Run("run", data, "--out", byName, "--channel", "DAPI");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, ResultsDb.Scalar(byIndex, "SELECT COUNT(*) FROM errors"));
        // The segmented plane's intensities are channel 1's.
        Assert.Equal(0, ResultsDb.Scalar(byIndex, """
            SELECT COUNT(*) FROM objects o JOIN object_intensities c ON c.job = o.job AND c.image_id = o.image_id AND c.label = o.label AND c.channel = 1
            WHERE abs(c.mean - o.intensity_mean) > 1e-9
            """));
        Assert.Equal(1, second.ExitCode); // every frame failed: the hyperstack names no channel
        var error = ResultsDb.Rows(byName, "SELECT error_type, message FROM errors").First();
        Assert.Equal("channel_missing", (string)error[0]);
        Assert.Contains("'DAPI'", (string)error[1]);
    }

    [Fact]
    public void An_OME_Zarr_image_and_plate_run_as_frames_per_t_and_z_with_named_channels_and_units()
    {
        using var tmp = new TempDir();
        var fixtures = tmp.Dir("fixtures");
        MicroscopyFixtures.Generate(fixtures);
        var results = tmp.Sub("results");
        var plate = tmp.Sub("plate");

        var run = CliProcess.Run("run", Path.Combine(fixtures, "v3_zstd.zarr"), "--out", results);
        var plateRun = CliProcess.Run("run", Path.Combine(fixtures, "plate.zarr"), "--out", plate);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.Equal([(0L, 0L), (0L, 1L), (0L, 2L), (1L, 0L), (1L, 1L), (1L, 2L)],
            ResultsDb.Rows(results, "SELECT t, z FROM frames ORDER BY t, z").Select(r => ((long)r[0], (long)r[1])));
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames WHERE physical_size_x <> 0.5 OR physical_size_z <> 1.5 OR time_increment <> 2.5 OR height <> 12 OR width <> 16"));
        Assert.Equal(12, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frame_intensities"));
        // Channel 1 of (t, z) is channel 0 plus 100 everywhere (the fixtures' formula): so are their frame means.
        Assert.Equal(0, ResultsDb.Scalar(results, """
            SELECT COUNT(*) FROM frame_intensities a JOIN frame_intensities b ON b.image_id = a.image_id AND b.channel = 1
            WHERE a.channel = 0 AND (a.channel_name <> 'DAPI' OR b.channel_name <> 'GFP' OR abs(b.mean - a.mean - 100) > 1e-9)
            """));
        Assert.True(plateRun.ExitCode == 0, plateRun.ToString());
        Assert.Equal(["A/1/0", "B/2/0"], ResultsDb.Rows(plate, "SELECT sequence FROM frames ORDER BY sequence").Select(r => (string)r[0]));
    }
}
