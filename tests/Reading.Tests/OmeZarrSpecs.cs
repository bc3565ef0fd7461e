using Xunit;
using static CellActors.TestSupport.MicroscopyFixtures;

namespace CellActors.Reading.Tests;

/// <summary>
/// OME-Zarr written by python3-zarr (v2: blosc, zlib, gzip, none) and by hand to the v3 specification (zstd): every
/// frame's t, z, channels and pixels against the source array, level 0 of the pyramid, physical sizes from the scales,
/// plates as sequences, and a plane read from exactly the chunks it lies in.
/// </summary>
public sealed class OmeZarrSpecs(MicroscopyFixture fx) : IClassFixture<MicroscopyFixture>
{
    [Theory]
    [InlineData("v2_blosc.zarr")]
    [InlineData("v2_blosc_lz4.zarr")]
    [InlineData("v2_zlib.zarr")]
    [InlineData("v2_gzip.zarr")]
    [InlineData("v2_raw.zarr")]
    [InlineData("v3_zstd.zarr")]
    public void Every_frame_and_channel_of_level_zero_reads_as_the_source_array(string name)
    {
        var found = FrameDiscovery.Discover(fx[name]).ToList();
        Assert.All(found, d => Assert.Null(d.Issue));
        var frames = found.Select(d => d.Frame!).ToList();
        Assert.Equal([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)], frames.Select(f => (f.T, f.Z)));
        Assert.All(frames, f => Assert.Equal(Path.Combine(fx[name], "0"), f.Uri)); // level 0, never level 1
        Assert.Equal($"{name}/t0001/z0002", frames[^1].ImageId);
        foreach (var f in frames)
        {
            Assert.Equal(["DAPI", "GFP"], f.Channels!.Select(c => c.Name));
            Assert.Equal(new PhysicalSize(0.5, 0.5, 1.5, 2.5), f.Size); // x in nanometres, converted
            using var read = FrameReader.ReadFrame(f.Channels!);
            Assert.Equal(2, read.Channels.Count);
            for (int c = 0; c < 2; c++)
            {
                var m = read.Channels[c];
                Assert.Equal((Height, Width), (m.Rows, m.Cols));
                for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                    Assert.True(m.At<ushort>(y, x) == Value(0, f.T, c, f.Z, y, x), $"{f.ImageId} c={c} ({y}, {x}): {m.At<ushort>(y, x)} != {Value(0, f.T, c, f.Z, y, x)}");
            }
        }
    }

    [Fact]
    public void A_plane_reads_only_the_chunks_it_lies_in()
    {
        // Chunks are (1, 1, 1, 5, 7) over 12 x 16 planes: ceil(12/5) x ceil(16/7) = 9 chunks per plane, of 108 in the array.
        var array = ZarrArray.Open(Path.Combine(fx["v3_zstd.zarr"], "0"));
        long before = ZarrArray.ChunksRead;
        using var plane = array.ReadPlane(7);
        Assert.Equal(9, ZarrArray.ChunksRead - before);
        Assert.Equal(Value(0, 1, 0, 1, 0, 0), plane.At<ushort>(0, 0)); // plane 7 of (t 2, c 2, z 3) is t=1, c=0, z=1
    }

    [Fact]
    public void A_plate_lists_each_well_field_as_a_sequence()
    {
        var frames = FrameDiscovery.Discover(fx["plate.zarr"]).Select(d => d.Frame ?? throw new InvalidOperationException(d.Issue!.Message)).ToList();
        Assert.Equal(["A/1/0", "B/2/0"], frames.Select(f => f.Sequence));
        Assert.Equal(["plate.zarr/A/1/0", "plate.zarr/B/2/0"], frames.Select(f => f.ImageId));
        for (int s = 0; s < 2; s++)
        {
            using var read = FrameReader.ReadFrame(frames[s].Channels!);
            for (int c = 0; c < 2; c++) Assert.Equal(Value(s, 0, c, 0, 3, 4), read.Channels[c].At<ushort>(3, 4));
            Assert.Equal(new PhysicalSize(0.3, 0.3, null, null), frames[s].Size);
        }
    }

    [Fact]
    public void Zarr_folders_inside_a_source_folder_are_images_not_folders()
    {
        var found = FrameDiscovery.Discover(fx[""]).Where(d => d.Frame is { } f && f.Sequence.StartsWith("v3_zstd.zarr", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, found.Count);
        Assert.All(found, d => Assert.StartsWith("v3_zstd.zarr", d.Frame!.Sequence));
    }
}
