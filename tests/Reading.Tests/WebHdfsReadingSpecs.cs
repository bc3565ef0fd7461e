using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Storage;
using CellActors.Storage.WebHdfs;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Reading.Tests;

/// <summary>
/// Discovery and reading through WebHDFS (a test server over a local folder) behave exactly as on the local copy, and a
/// multi-page TIFF read page by page transfers about one page per frame.
/// </summary>
[Collection(WebHdfsCollection.Name)]
public sealed class WebHdfsReadingSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDir _tmp = new("cellactors-webhdfs");
    private WebHdfsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WebHdfsTestServer.StartAsync(_tmp.Path);
        Storages.Configure(new WebHdfsOptions { User = "lab", RetryDelay = TimeSpan.FromMilliseconds(1) });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _tmp.Dispose();
    }

    /// <summary>The URL serving a local path of the temp folder.</summary>
    private string Url(string local) => _server.Url(Path.GetRelativePath(_tmp.Path, local).Replace('\\', '/'));

    private List<string> Describe(IEnumerable<DiscoveredInput> inputs, string root, string prefix) =>
        inputs.Select(d => d.Frame is { } f
                ? $"{f.Dataset}|{f.Sequence}|{f.T}|{f.Z}|{f.Page}|{f.ImageId}|{f.Uri.Replace(prefix, "<root>")}"
                : $"issue|{d.Issue!.ErrorType}|{d.Issue.Page}|{d.Issue.Uri.Replace(prefix, "<root>")}")
            .ToList();

    [Fact]
    public void OME_Zarr_over_webhdfs_gives_the_frames_and_pixels_of_the_local_copy()
    {
        var fx = _tmp.Dir("fx");
        MicroscopyFixtures.Generate(fx);
        foreach (var name in new[] { "v2_blosc.zarr", "v3_zstd.zarr", "plate.zarr" })
        {
            var local = FrameDiscovery.Discover(Path.Combine(fx, name)).Select(d => d.Frame!).ToList();
            var remote = FrameDiscovery.Discover(Url(Path.Combine(fx, name))).Select(d => d.Frame ?? throw new InvalidOperationException(d.Issue!.Message)).ToList();
            Assert.Equal(local.Select(f => (f.ImageId, f.Sequence, f.T, f.Z, f.Size)), remote.Select(f => (f.ImageId, f.Sequence, f.T, f.Z, f.Size)));
            for (int i = 0; i < local.Count; i++)
            {
                using var a = FrameReader.ReadFrame(local[i].Channels!);
                using var b = FrameReader.ReadFrame(remote[i].Channels!);
                Assert.StartsWith("webhdfs://", remote[i].Channels![0].Uri);
                Assert.Equal(a.Names, b.Names);
                for (int c = 0; c < a.Channels.Count; c++) Assert.True(TestTiff.SameBytes(a.Channels[c], b.Channels[c]), $"{name} {local[i].ImageId} channel {c}");
            }
        }
    }

    [Fact]
    public void Discovery_over_webhdfs_matches_discovery_of_the_local_copy()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Dir("data"), new SynthOptions(Frames: 6, Height: 64, Width: 64, InitialCells: 3, Seed: 2));
        // Loose files beside the CTC dataset: a z-stack, a time series, a PNG, a broken TIFF, an empty file and a text file.
        var loose = _tmp.Dir("data/loose");
        var pages = Enumerable.Range(0, 3).Select(i => TestTiff.FromMat(TestTiff.Random(16, 16, MatType.CV_16UC1, seed: i))).ToArray();
        TestTiff.Write(Path.Combine(loose, "zstack.tif"), pages.Select((p, i) => i == 0 ? p with { Description = "ImageJ=1.53\nimages=3\nslices=3\n" } : p).ToArray());
        TestTiff.Write(Path.Combine(loose, "series.tif"), pages);
        using (var png = TestTiff.Random(10, 12, MatType.CV_8UC1, seed: 9)) Cv2.ImWrite(Path.Combine(loose, "a.png"), png);
        File.WriteAllBytes(Path.Combine(loose, "broken.tif"), [(byte)'I', (byte)'I', 42, 0, 200, 0, 0, 0]);
        File.WriteAllBytes(Path.Combine(loose, "empty.tif"), []);
        File.WriteAllText(Path.Combine(loose, "notes.txt"), "ignored");

        var root = _tmp.Path;
        var prefix = _server.Url().TrimEnd('/');
        foreach (var local in new[] { Path.Combine(root, "data"), synth.DatasetPath, synth.SequencePath, Path.Combine(synth.SequencePath, "t003.tif"), Path.Combine(loose, "zstack.tif") })
        {
            var expected = Describe(FrameDiscovery.Discover(local), root, root);
            var actual = Describe(FrameDiscovery.Discover(Url(local)), root, prefix);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
        var all = Describe(FrameDiscovery.Discover(Url(Path.Combine(root, "data"))), root, prefix);
        Assert.Contains(all, l => l.StartsWith("issue|empty_file", StringComparison.Ordinal));
        Assert.Contains(all, l => l.Contains("|data/loose/zstack/p0002|", StringComparison.Ordinal));

        Assert.Throws<SourceNotFoundException>(() => FrameDiscovery.Discover(_server.Url("data/nope")));
    }

    [Fact]
    public void Frames_read_over_webhdfs_equal_the_local_frames_and_missing_files_are_unreadable()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Dir("data"), new SynthOptions(Frames: 3, Height: 48, Width: 40, InitialCells: 2, Seed: 4, BitDepth: 16));
        foreach (var d in FrameDiscovery.Discover(synth.SequencePath))
        {
            using var a = FrameReader.Read(d.Frame!);
            using var b = FrameReader.ReadPlane(Url(d.Frame!.Uri), d.Frame.Page);
            Assert.True(TestTiff.SameBytes(a, b));
        }
        var loose = _tmp.Dir("loose");
        using (var png = TestTiff.Random(10, 12, MatType.CV_8UC1, seed: 9)) Cv2.ImWrite(Path.Combine(loose, "a.png"), png);
        using (var a = FrameReader.ReadPlane(Path.Combine(loose, "a.png"), 0))
        using (var b = FrameReader.ReadPlane(Url(Path.Combine(loose, "a.png")), 0))
            Assert.True(TestTiff.SameBytes(a, b));

        var missing = Assert.Throws<BadInputException>(() => FrameReader.ReadPlane(_server.Url("data/gone.tif"), 0));
        Assert.Equal("unreadable", missing.ErrorType);
        Assert.Contains("gone.tif", missing.Message);
        File.WriteAllBytes(Path.Combine(loose, "cut.tif"), File.ReadAllBytes(Path.Combine(synth.SequencePath, "t000.tif"))[..100]);
        Assert.Equal(
            Assert.Throws<BadInputException>(() => FrameReader.ReadPlane(Path.Combine(loose, "cut.tif"), 0)).ErrorType,
            Assert.Throws<BadInputException>(() => FrameReader.ReadPlane(Url(Path.Combine(loose, "cut.tif")), 0)).ErrorType);
    }

    [Fact]
    public void Reading_a_100_page_tiff_page_by_page_transfers_about_one_page_per_frame()
    {
        const int pages = 100, h = 256, w = 256, pageBytes = h * w * 2;
        var mats = Enumerable.Range(0, pages).Select(i => TestTiff.Random(h, w, MatType.CV_16UC1, seed: i)).ToArray();
        var path = _tmp.File("stack/hundred.tif");
        TestTiff.Write(path, mats.Select(m => TestTiff.FromMat(m)).ToArray(), compression: Compression.NONE, rowsPerStrip: 64);
        long fileBytes = new FileInfo(path).Length;
        _server.ResetCounters();

        // Page by page, in a fresh process state for this file (no discovery first): each read opens the file anew.
        for (int p = 0; p < pages; p++)
        {
            using var m = FrameReader.ReadPlane(Url(path), p);
            Assert.True(TestTiff.SameBytes(mats[p], m), $"page {p} differs");
        }
        long sent = _server.BytesSent;
        double perPage = (double)sent / pages;
        output.WriteLine($"100-page TIFF of {fileBytes} bytes ({pageBytes} bytes of pixels per page): {sent} bytes sent by the datanode, {perPage:F0} per page ({perPage / pageBytes:F3} pages), {_server.Operations.GetValueOrDefault("dn:OPEN")} ranged reads");
        // Tolerance: the pixels of each page plus at most 12 KiB of header and directory reads per page (three 4 KiB
        // read-aheads); reading the whole file per frame would be 100x more.
        Assert.InRange(sent, (long)pages * pageBytes, (long)pages * (pageBytes + 12 * 1024));
        Assert.True(perPage < 1.1 * pageBytes);
        foreach (var m in mats) m.Dispose();
    }
}

/// <summary>Specs that reconfigure the process-wide <see cref="Storages"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebHdfsCollection
{
    public const string Name = "webhdfs";
}
