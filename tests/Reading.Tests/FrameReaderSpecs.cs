using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Reading.Tests;

public sealed class FrameReaderSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _tmp = new("reader");

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData("u8.tif", 0)]
    [InlineData("u16.tif", 2)]
    [InlineData("u8.png", 0)]
    [InlineData("u16.png", 2)]
    [InlineData("f32.tif", 5)]
    public void OpenCv_written_files_round_trip_exactly(string name, int depth)
    {
        MatType type = depth switch { 0 => MatType.CV_8UC1, 2 => MatType.CV_16UC1, _ => MatType.CV_32FC1 };
        using var img = TestTiff.Random(37, 53, type, seed: 7, low: 0, high: type == MatType.CV_32FC1 ? 1000 : 65535);
        string path = _tmp.File(name);
        Assert.True(Cv2.ImWrite(path, img));

        using var read = FrameReader.ReadPlane(path, 0);

        Assert.Equal(type, read.Type());
        Assert.True(TestTiff.SameBytes(img, read));
    }

    [Theory]
    [InlineData(8, false, false)]
    [InlineData(16, false, false)]
    [InlineData(16, true, false)]
    [InlineData(16, false, true)]
    [InlineData(32, false, false)]
    [InlineData(32, true, false)]
    [InlineData(8, false, true)]
    // Big-endian BigTIFF is not covered: LibTiff.NET 2.4.660 writes an invalid header for it (a classic 4-byte offset after "MM\0+").
    public void Every_page_of_a_multi_page_tiff_reads_back_exactly(int bits, bool bigEndian, bool bigTiff)
    {
        MatType type = bits switch { 8 => MatType.CV_8UC1, 16 => MatType.CV_16UC1, _ => MatType.CV_32FC1 };
        var pages = Enumerable.Range(0, 4).Select(i => TestTiff.Random(21, 34, type, seed: 100 + i, high: bits == 32 ? 1 : 65535)).ToArray();
        string path = _tmp.File($"stack{bits}{bigEndian}{bigTiff}.tif");
        TestTiff.Write(path, pages.Select(p => TestTiff.FromMat(p)).ToArray(), rowsPerStrip: 5, bigTiff: bigTiff, bigEndian: bigEndian);

        for (int i = 0; i < pages.Length; i++)
        {
            using var read = FrameReader.ReadPlane(path, i);
            Assert.True(TestTiff.SameBytes(pages[i], read), $"page {i} differs");
        }
        foreach (var p in pages) p.Dispose();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_page_of_a_tiled_tiff_reads_back_exactly(int depth)
    {
        MatType type = depth == 2 ? MatType.CV_16UC1 : MatType.CV_32FC1;
        var pages = Enumerable.Range(0, 3).Select(i => TestTiff.Random(40, 37, type, seed: 50 + i, high: 1000)).ToArray();
        string path = _tmp.File($"tiled{depth}.tif");
        TestTiff.WriteTiled(path, pages);
        for (int i = 0; i < pages.Length; i++)
        {
            using var read = FrameReader.ReadPlane(path, i);
            Assert.True(TestTiff.SameBytes(pages[i], read), $"page {i} differs");
        }
    }

    [Fact]
    public void Pages_written_by_OpenCv_multi_page_writer_read_back_exactly()
    {
        var pages = Enumerable.Range(0, 3).Select(i => TestTiff.Random(16, 24, MatType.CV_16UC1, seed: i)).ToArray();
        string path = _tmp.File("multi.tif");
        Assert.True(Cv2.ImWrite(path, pages));
        for (int i = 0; i < pages.Length; i++)
        {
            using var read = FrameReader.ReadPlane(path, i);
            Assert.True(TestTiff.SameBytes(pages[i], read), $"page {i} differs");
        }
    }

    [Fact]
    public void Read_uses_the_frame_location_page()
    {
        var pages = Enumerable.Range(0, 2).Select(i => TestTiff.Random(8, 8, MatType.CV_8UC1, seed: i, high: 255)).ToArray();
        string path = _tmp.File("two.tif");
        TestTiff.Write(path, pages.Select(p => TestTiff.FromMat(p)).ToArray());
        using var read = FrameReader.Read(new FrameLocation("d", "", 1, 0, path, 1, "d/two/p0001"));
        Assert.True(TestTiff.SameBytes(pages[1], read));
    }

    [Fact]
    public void Greyscale_saved_as_opaque_RGBA_png_is_read_as_one_channel()
    {
        using var grey = TestTiff.Random(10, 12, MatType.CV_8UC1, seed: 3, high: 255);
        using var rgba = new Mat();
        Cv2.CvtColor(grey, rgba, ColorConversionCodes.GRAY2BGRA);
        string path = _tmp.File("rgba.png");
        Cv2.ImWrite(path, rgba);
        using var read = FrameReader.ReadPlane(path, 0);
        Assert.True(TestTiff.SameBytes(grey, read));
    }

    // ---- the bad-input corpus ----

    private void AssertBad(string path, int page, string errorType)
    {
        var ex = Assert.Throws<BadInputException>(() => FrameReader.ReadPlane(path, page).Dispose());
        output.WriteLine($"{errorType}: {ex.Message}");
        Assert.Equal(errorType, ex.ErrorType);
        Assert.Contains(Path.GetFileName(path), ex.Message);
        Assert.Equal(path, ex.Uri);
        Assert.Equal(page, ex.Page);
    }

    private string WriteReal16(string name)
    {
        using var img = TestTiff.Random(64, 80, MatType.CV_16UC1, seed: 11);
        string path = _tmp.File(name);
        Cv2.ImWrite(path, img);
        return path;
    }

    [Fact]
    public void Zero_byte_tiff_is_empty_file()
    {
        string path = _tmp.File("zero.tif");
        File.WriteAllBytes(path, []);
        AssertBad(path, 0, "empty_file");
    }

    [Fact]
    public void First_200_bytes_of_a_real_tiff_is_truncated()
    {
        byte[] all = File.ReadAllBytes(WriteReal16("full.tif"));
        string path = _tmp.File("head200.tif");
        File.WriteAllBytes(path, all[..200]);
        AssertBad(path, 0, "truncated");
    }

    [Fact]
    public void Tiff_cut_inside_the_pixel_data_is_truncated()
    {
        using var img = TestTiff.Random(64, 80, MatType.CV_16UC1, seed: 12);
        byte[] all = TestTiff.UncompressedDirectoryFirst(img);
        string whole = _tmp.File("whole.tif");
        File.WriteAllBytes(whole, all);
        using (var ok = FrameReader.ReadPlane(whole, 0)) Assert.True(TestTiff.SameBytes(img, ok));

        string path = _tmp.File("cut.tif");
        File.WriteAllBytes(path, all[..(all.Length / 2)]);
        AssertBad(path, 0, "truncated");
    }

    [Fact]
    public void Lzw_tiff_cut_in_the_middle_is_truncated()
    {
        byte[] all = File.ReadAllBytes(WriteReal16("full2.tif"));
        string path = _tmp.File("half.tif");
        File.WriteAllBytes(path, all[..(all.Length / 2)]);
        AssertBad(path, 0, "truncated");
    }

    [Fact]
    public void Random_bytes_named_tif_is_not_an_image()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x17;
        string path = _tmp.File("noise.tif");
        File.WriteAllBytes(path, bytes);
        AssertBad(path, 0, "not_an_image");
    }

    [Fact]
    public void Text_file_renamed_tif_is_not_an_image()
    {
        string path = _tmp.File("notes.tif");
        File.WriteAllText(path, "this is a lab note, not an image\n");
        AssertBad(path, 0, "not_an_image");
    }

    [Theory]
    [InlineData("rgb8.png", 8, 3)]
    [InlineData("rgba8.png", 8, 4)]
    [InlineData("rgb16.png", 16, 3)]
    [InlineData("rgba16.png", 16, 4)]
    [InlineData("rgb8.tif", 8, 3)]
    [InlineData("rgba8.tif", 8, 4)]
    [InlineData("rgb16.tif", 16, 3)]
    [InlineData("rgba16.tif", 16, 4)]
    public void Colour_files_read_as_red_green_blue_channels_exactly(string name, int bits, int samples)
    {
        var type = bits == 8 ? MatType.CV_8UC1 : MatType.CV_16UC1;
        var rgba = Enumerable.Range(0, 4).Select(c => TestTiff.Random(19, 23, type, seed: 40 + c, high: bits == 8 ? 255 : 65535)).ToArray();
        if (samples == 4) rgba[3].SetTo(new Scalar(bits == 8 ? 255 : 65535));
        using var stored = new Mat();
        Cv2.Merge(samples == 4 ? [rgba[2], rgba[1], rgba[0], rgba[3]] : [rgba[2], rgba[1], rgba[0]], stored); // OpenCV writes BGR(A)
        string path = _tmp.File(name);
        Assert.True(Cv2.ImWrite(path, stored));

        using var page = FrameReader.ReadChannels(path, 0);

        Assert.True(page.IsColour);
        Assert.Equal(3, page.Channels.Count);
        for (int c = 0; c < 3; c++) Assert.True(TestTiff.SameBytes(rgba[c], page.Channels[c]), $"{PageChannels.ColourNames[c]} differs");
        using var grey = FrameReader.ReadPlane(path, 0);
        using var expected = Luminance.Of(rgba[0], rgba[1], rgba[2]);
        Assert.True(TestTiff.SameBytes(expected, grey), "the grey plane of a colour page is its luminance");
        foreach (var m in rgba) m.Dispose();
    }

    [Fact]
    public void Colour_pages_of_a_multi_page_tiff_read_in_rgb_order()
    {
        var r = new Random(9);
        var pages = Enumerable.Range(0, 3).Select(_ =>
        {
            var data = new byte[11 * 13 * 3 * 2];
            r.NextBytes(data);
            return new TestTiff.Page(13, 11, 16, SampleFormat.UINT, 3, data);
        }).ToArray();
        string path = _tmp.File("rgbstack.tif");
        TestTiff.Write(path, pages, rowsPerStrip: 4);
        for (int p = 0; p < pages.Length; p++)
        {
            using var page = FrameReader.ReadChannels(path, p);
            Assert.Equal(3, page.Channels.Count);
            for (int c = 0; c < 3; c++)
            {
                var plane = page.Channels[c];
                for (int y = 0; y < 11; y += 5)
                for (int x = 0; x < 13; x += 4)
                {
                    int at = ((y * 13 + x) * 3 + c) * 2;
                    Assert.Equal(BitConverter.ToUInt16(pages[p].Data, at), plane.At<ushort>(y, x));
                }
            }
        }
    }

    [Fact]
    public void Luminance_is_bt601_rounded_to_the_depth()
    {
        using var red = new Mat(1, 2, MatType.CV_8UC1, new Scalar(200));
        using var green = new Mat(1, 2, MatType.CV_8UC1, new Scalar(100));
        using var blue = new Mat(1, 2, MatType.CV_8UC1, new Scalar(50));
        using var y = Luminance.Of(red, green, blue);
        Assert.Equal((byte)Math.Round(0.299 * 200 + 0.587 * 100 + 0.114 * 50), y.At<byte>(0, 1));
    }

    [Fact]
    public void Five_samples_per_pixel_tiff_is_unsupported_shape()
    {
        var data = new byte[12 * 10 * 5 * 2];
        new Random(5).NextBytes(data);
        string path = _tmp.File("fivechannel.tif");
        TestTiff.Write(path, [new TestTiff.Page(10, 12, 16, SampleFormat.UINT, 5, data)]);
        AssertBad(path, 0, "unsupported_shape");
    }

    [Fact]
    public void Unsupported_shape_on_a_later_page_names_the_page()
    {
        var grey = new byte[8 * 8];
        var five = new byte[8 * 8 * 5];
        string path = _tmp.File("mixed.tif");
        TestTiff.Write(path, [new TestTiff.Page(8, 8, 8, SampleFormat.UINT, 1, grey), new TestTiff.Page(8, 8, 8, SampleFormat.UINT, 5, five)]);
        AssertBad(path, 1, "unsupported_shape");
        Assert.Contains("page 1", Assert.Throws<BadInputException>(() => FrameReader.ReadPlane(path, 1)).Message);
    }

    [Theory]
    [InlineData(64, SampleFormat.IEEEFP)]
    [InlineData(32, SampleFormat.INT)]
    [InlineData(16, SampleFormat.INT)]
    [InlineData(32, SampleFormat.UINT)]
    public void Unsupported_sample_types_are_unsupported_type(int bits, SampleFormat format)
    {
        var data = new byte[6 * 7 * bits / 8];
        string path = _tmp.File($"type{bits}{format}.tif");
        TestTiff.Write(path, [new TestTiff.Page(7, 6, bits, format, 1, data)]);
        AssertBad(path, 0, "unsupported_type");
    }

    [Fact]
    public void One_bit_tiff_is_unsupported_type()
    {
        string path = _tmp.File("bilevel.tif");
        TestTiff.Write(path, [new TestTiff.Page(16, 4, 1, SampleFormat.UINT, 1, new byte[4 * 2])], Compression.NONE);
        AssertBad(path, 0, "unsupported_type");
    }

    [Theory]
    [InlineData(float.NaN, true)]
    [InlineData(float.PositiveInfinity, true)]
    [InlineData(float.NaN, false)]
    public void Float_tiff_with_NaN_or_infinity_is_nan_values(float bad, bool everywhere)
    {
        using var img = TestTiff.Random(9, 11, MatType.CV_32FC1, seed: 1, high: 1);
        if (everywhere) img.SetTo(new Scalar(bad));
        else img.Set(4, 5, bad);
        string path = _tmp.File($"nan{everywhere}{bad}.tif");
        TestTiff.Write(path, [TestTiff.FromMat(img)]);
        AssertBad(path, 0, "nan_values");
    }

    [Fact]
    public void NaN_on_a_later_page_is_nan_values()
    {
        using var good = TestTiff.Random(9, 11, MatType.CV_32FC1, seed: 1, high: 1);
        using var bad = good.Clone();
        bad.Set(0, 0, float.NaN);
        string path = _tmp.File("nanpage.tif");
        TestTiff.Write(path, [TestTiff.FromMat(good), TestTiff.FromMat(bad)]);
        FrameReader.ReadPlane(path, 0).Dispose();
        AssertBad(path, 1, "nan_values");
    }

    [Fact]
    public void Missing_file_and_missing_page_are_unreadable()
    {
        AssertBad(Path.Combine(_tmp.Path, "gone.tif"), 0, "unreadable");
        AssertBad(WriteReal16("single.tif"), 3, "unreadable");
    }

    [Fact]
    public void Truncated_png_is_truncated()
    {
        using var img = TestTiff.Random(64, 64, MatType.CV_16UC1, seed: 9);
        string full = _tmp.File("full.png");
        Cv2.ImWrite(full, img);
        byte[] all = File.ReadAllBytes(full);
        string path = _tmp.File("cut.png");
        File.WriteAllBytes(path, all[..(all.Length * 2 / 3)]);
        AssertBad(path, 0, "truncated");
    }

    // ---- shared data ----

    private const string SimSeq = "ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01";
    private const string MscSeq = "ctc-fluo-c2dl-msc/Fluo-C2DL-MSC/01";

    [SharedDataFact(SimSeq + "/t000.tif")]
    public void Reads_the_CTC_simulated_frame_as_16_bit()
    {
        using var m = FrameReader.ReadPlane(SharedData.Require(SimSeq + "/t000.tif"), 0);
        output.WriteLine($"{m.Rows}x{m.Cols} {m.Type()}");
        Assert.Equal(MatType.CV_16UC1, m.Type());
        Assert.Equal(690, m.Rows);
        Assert.Equal(628, m.Cols);
        using var reference = Cv2.ImRead(SharedData.Require(SimSeq + "/t000.tif"), ImreadModes.Unchanged);
        Assert.True(TestTiff.SameBytes(reference, m));
    }

    [SharedDataFact(MscSeq + "/t000.tif")]
    public void Page_1_of_an_832x992_16_bit_lzw_stack_reads_the_same_pixels_as_the_single_page_file()
    {
        // Speed of this path is measured in benchmarks/ (StageBench), not asserted here.
        string path = SharedData.Require(MscSeq + "/t000.tif");
        using var frame = FrameReader.ReadPlane(path, 0);
        using (var raw = Cv2.ImRead(path, ImreadModes.Unchanged)) Assert.True(TestTiff.SameBytes(raw, frame));
        string stack = _tmp.File("stack.tif");
        TestTiff.Write(stack, [TestTiff.FromMat(frame), TestTiff.FromMat(frame)], rowsPerStrip: 8);
        using (var p1 = FrameReader.ReadPlane(stack, 1)) Assert.True(TestTiff.SameBytes(frame, p1));
    }
}
