using CellActors.TestSupport;
using Xunit;
using static CellActors.TestSupport.MicroscopyFixtures;

namespace CellActors.Reading.Tests;

/// <summary>
/// Axes, channels and physical sizes from ImageJ and OME metadata, on files written by tifffile: every frame's t, z and
/// channels, and every channel's pixels, against the arrays the files were written from.
/// </summary>
public sealed class MetadataAxesSpecs(MicroscopyFixture fx) : IClassFixture<MicroscopyFixture>
{
    private List<FrameLocation> Frames(string relative)
    {
        var found = FrameDiscovery.Discover(fx[relative]).ToList();
        Assert.All(found, d => Assert.Null(d.Issue));
        return found.Select(d => d.Frame!).ToList();
    }

    /// <summary>Reads every channel of every frame and checks it is plane (s, t, c, z) of the source, pixel for pixel.</summary>
    private static void AssertPixels(FrameLocation f, int s, int t, int z, int channels)
    {
        using var read = FrameReader.ReadFrame(f.Channels ?? [new PlaneLocation(f.Uri, f.Page, null)]);
        Assert.Equal(channels, read.Channels.Count);
        for (int c = 0; c < channels; c++)
        {
            var m = read.Channels[c];
            Assert.Equal((Height, Width), (m.Rows, m.Cols));
            for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                if (m.At<ushort>(y, x) != Value(s, t, c, z, y, x))
                    Assert.Fail($"{f.ImageId} channel {c} at ({y}, {x}) is {m.At<ushort>(y, x)}, expected {Value(s, t, c, z, y, x)} (s={s}, t={t}, c={c}, z={z})");
        }
    }

    [Fact]
    public void ImageJ_TCYX_is_three_time_points_of_two_channels()
    {
        var frames = Frames("imagej_tcyx.tif");
        Assert.Equal([(0, 0), (1, 0), (2, 0)], frames.Select(f => (f.T, f.Z)));
        Assert.Equal(["imagej_tcyx/t0000", "imagej_tcyx/t0001", "imagej_tcyx/t0002"], frames.Select(f => f.ImageId[(f.ImageId.IndexOf('/', StringComparison.Ordinal) + 1)..]));
        foreach (var f in frames) AssertPixels(f, 0, f.T, 0, channels: 2);
        Assert.All(frames, f => Assert.Equal(new PhysicalSize(0.5, 0.5, null, 1.5), f.Size));
    }

    [Fact]
    public void ImageJ_TZCYX_is_time_by_slice_with_two_channels()
    {
        var frames = Frames("imagej_tzcyx.tif");
        Assert.Equal(6, frames.Count);
        Assert.Equal([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)], frames.Select(f => (f.T, f.Z)));
        foreach (var f in frames) AssertPixels(f, 0, f.T, f.Z, channels: 2);
        Assert.All(frames, f => Assert.Equal(new PhysicalSize(0.25, 0.25, 2.0, 3600), f.Size));
    }

    [Fact]
    public void ImageJ_CZYX_is_a_z_stack_of_two_channels()
    {
        var frames = Frames("imagej_czyx.tif");
        Assert.Equal([0, 1, 2, 3], frames.Select(f => f.Z));
        Assert.All(frames, f => Assert.Equal(0, f.T));
        foreach (var f in frames) AssertPixels(f, 0, 0, f.Z, channels: 2);
        Assert.All(frames, f => Assert.Null(f.Size)); // no calibration written: unknown, never guessed
    }

    [Theory]
    [InlineData("ome_xyczt.ome.tif")]
    [InlineData("ome_xyzct.ome.tif")]
    public void OME_TIFF_planes_follow_their_dimension_order(string file)
    {
        var frames = Frames(file);
        Assert.Equal([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)], frames.Select(f => (f.T, f.Z)));
        foreach (var f in frames)
        {
            AssertPixels(f, 0, f.T, f.Z, channels: 2);
            Assert.Equal(["DAPI", "GFP"], f.Channels!.Select(c => c.Name));
            Assert.Equal(new PhysicalSize(0.25, 0.25, 1.5, 2.5), f.Size); // 250 nm and 2500 ms, converted
        }
    }

    [Fact]
    public void Two_series_in_one_file_are_two_sequences()
    {
        var frames = Frames("ome_two_series.ome.tif");
        var first = frames.Where(f => f.Sequence.EndsWith("/s00", StringComparison.Ordinal)).ToList();
        var second = frames.Where(f => f.Sequence.EndsWith("/s01", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, frames.Count);
        Assert.Equal([0, 1], first.Select(f => f.T));
        foreach (var f in first) AssertPixels(f, 0, f.T, 0, channels: 2);
        Assert.Equal([0, 1, 2], second.Select(f => f.Z));
        foreach (var f in second) AssertPixels(f, 1, 0, f.Z, channels: 1);
        Assert.All(second, f => Assert.Equal(new PhysicalSize(0.5, 0.5, null, null), f.Size));
        Assert.Equal(5, frames.Select(f => f.ImageId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_tiled_big_endian_BigTIFF_OME_file_reads_the_same_way()
    {
        var frames = Frames("ome_bigtiff_tiled.ome.tif");
        Assert.Equal([0, 1], frames.Select(f => f.T));
        foreach (var f in frames) AssertPixels(f, 0, f.T, 0, channels: 2);
    }

    [Fact]
    public void A_pyramid_is_read_at_level_zero()
    {
        var f = Assert.Single(Frames("ome_pyramid.ome.tif"));
        AssertPixels(f, 0, 0, 0, channels: 2);
    }

    [Fact]
    public void A_set_split_over_files_is_discovered_once_with_each_channel_from_its_file()
    {
        var frames = Frames("omeset");
        Assert.Equal([0, 1], frames.Select(f => f.T));
        foreach (var f in frames)
        {
            AssertPixels(f, 0, f.T, 0, channels: 2);
            Assert.Equal(["set_c0.ome.tif", "set_c1.ome.tif"], f.Channels!.Select(c => Path.GetFileName(c.Uri)));
            Assert.Equal(["nuclei", "membrane"], f.Channels!.Select(c => c.Name));
            Assert.Equal(new PhysicalSize(0.65, 0.65, null, 30), f.Size); // from the Planes' DeltaT
        }
    }

    [Fact]
    public void Ambiguous_and_contradictory_metadata_are_refused_naming_the_file_and_the_rest_is_read()
    {
        var found = FrameDiscovery.Discover(fx["bad"]).ToList();
        var issues = found.Where(d => d.Issue is not null).Select(d => d.Issue!).ToDictionary(i => Path.GetFileName(i.Uri));
        Assert.Equal("ambiguous_axes", issues["ambiguous.tif"].ErrorType);
        Assert.Contains("z-slices or time points", issues["ambiguous.tif"].Message);
        Assert.Equal("metadata_mismatch", issues["contradictory.tif"].ErrorType);
        Assert.Contains("6 pages", issues["contradictory.tif"].Message);
        Assert.Equal("metadata_mismatch", issues["too_few_pages.ome.tif"].ErrorType);
        foreach (var (file, issue) in issues) Assert.Contains(file, issue.Message);
        var good = Assert.Single(found, d => d.Frame is not null).Frame!;
        Assert.EndsWith("good.tif", good.Uri);
    }

    [Theory]
    [InlineData("rgb16.tif", 1)]
    [InlineData("rgb16_planar.tif", 1)]
    [InlineData("rgba16.tif", 1)]
    [InlineData("rgb8.tif", 40)]
    [InlineData("rgba8.tif", 40)]
    [InlineData("rgb8.png", 40)]
    [InlineData("rgba8.png", 40)]
    public void Colour_files_written_by_tifffile_and_pil_read_as_red_green_blue(string file, int divisor)
    {
        var f = Assert.Single(Frames(file));
        using var read = FrameReader.ReadFrame(f.Channels ?? [new PlaneLocation(f.Uri, f.Page, null)]);
        Assert.True(read.IsSingleColourPage);
        Assert.Equal(["red", "green", "blue"], read.Names);
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
        {
            double v = divisor == 1 ? read.Channels[c].At<ushort>(y, x) : read.Channels[c].At<byte>(y, x);
            Assert.Equal(Value(0, 0, c, 0, y, x) / divisor, v);
        }
    }
}
