using CellActors.Storage.WebHdfs;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Storage.Tests;

/// <summary>The local file system and WebHDFS behave the same behind <see cref="IFileStorage"/>.</summary>
public sealed class StorageSpecs : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private WebHdfsTestServer _server = null!;
    private WebHdfsStorage _hdfs = null!;

    public async Task InitializeAsync()
    {
        _server = await WebHdfsTestServer.StartAsync(_tmp.Sub("hdfs"));
        _hdfs = new WebHdfsStorage(_server.Url(), new WebHdfsOptions { User = "lab", RetryDelay = TimeSpan.FromMilliseconds(1), ReadAheadBytes = 1024 });
    }

    public async Task DisposeAsync()
    {
        _hdfs.Dispose();
        await _server.DisposeAsync();
        _tmp.Dispose();
    }

    private static void Populate(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "ds", "01"));
        Directory.CreateDirectory(Path.Combine(root, "ds", "01_GT"));
        var data = new byte[10_000];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        File.WriteAllBytes(Path.Combine(root, "ds", "01", "t001.tif"), data);
        File.WriteAllBytes(Path.Combine(root, "ds", "01", "t000.tif"), data[..5000]);
        File.WriteAllText(Path.Combine(root, "ds", "readme.txt"), "hi");
    }

    [Fact]
    public void Listing_stat_and_ranged_reads_agree_between_local_and_webhdfs()
    {
        var localRoot = _tmp.Sub("local");
        Populate(localRoot);
        Populate(_server.Root);
        var local = Storages.For(localRoot);
        Assert.True(local.IsLocal);
        Assert.False(_hdfs.IsLocal);

        string[] Names(IFileStorage s, string dir) => s.List(dir).Select(e => $"{e.Name}:{e.IsDirectory}:{e.Length}").ToArray();
        Assert.Equal(Names(local, Path.Combine(localRoot, "ds")), Names(_hdfs, _server.Url("ds")));
        Assert.Equal(Names(local, Path.Combine(localRoot, "ds", "01")), Names(_hdfs, _server.Url("ds/01")));
        Assert.Equal(["01", "01_GT", "readme.txt"], _hdfs.List(_server.Url("ds")).Select(e => e.Name));
        Assert.Equal(_server.Url("ds/01/t000.tif"), _hdfs.List(_server.Url("ds/01"))[0].Location);

        Assert.Null(_hdfs.Stat(_server.Url("ds/nope")));
        Assert.Null(local.Stat(Path.Combine(localRoot, "ds", "nope")));
        Assert.True(_hdfs.Stat(_server.Url("ds"))!.IsDirectory);
        Assert.Equal(_server.Url("ds"), _hdfs.Parent(_server.Url("ds/01")));
        Assert.Equal(_server.Url("ds/01"), _hdfs.Combine(_server.Url("ds"), "01"));

        using var a = local.OpenRead(Path.Combine(localRoot, "ds", "01", "t001.tif"));
        using var b = _hdfs.OpenRead(_server.Url("ds/01/t001.tif"));
        Assert.Equal(a.Length, b.Length);
        foreach (var (pos, n) in new[] { (0L, 8), (4000L, 3000), (9990L, 10), (123L, 2) })
        {
            var x = new byte[n];
            var y = new byte[n];
            a.Position = pos;
            b.Position = pos;
            a.ReadExactly(x);
            b.ReadExactly(y);
            Assert.Equal(x, y);
        }
        // Only the bytes asked for travel (small reads rounded up to the 1 KiB read-ahead): never the whole file.
        var rs = Assert.IsType<RemoteReadStream>(b);
        Assert.True(rs.BytesFetched <= 8 + 1024 + 3000 + 1024, $"fetched {rs.BytesFetched}");
    }

    [Fact]
    public async Task Atomic_uploads_leave_no_temporary_file_and_replace_an_existing_one()
    {
        var src = _tmp.Sub("export.csv");
        await File.WriteAllTextAsync(src, "ImageId,EncodedPixels\na,1 2\n");
        var target = _server.Url("out/deep/objects.csv");
        await _hdfs.UploadAtomicAsync(src, target);
        Assert.Equal(File.ReadAllBytes(src), File.ReadAllBytes(Path.Combine(_server.Root, "out", "deep", "objects.csv")));

        await File.WriteAllTextAsync(src, "ImageId,EncodedPixels\nb,3 4\n");
        await _hdfs.UploadAtomicAsync(src, target);
        Assert.Equal(File.ReadAllBytes(src), File.ReadAllBytes(Path.Combine(_server.Root, "out", "deep", "objects.csv")));
        Assert.Equal(["objects.csv"], _hdfs.List(_server.Url("out/deep")).Select(e => e.Name));
        Assert.Equal(1, _server.Operations["nn:DELETE"]); // the old file, removed just before the rename

        var localTarget = _tmp.Sub("local-out/objects.csv");
        await LocalFileStorage.Instance.UploadAtomicAsync(src, localTarget);
        Assert.Equal(File.ReadAllBytes(src), File.ReadAllBytes(localTarget));
        Assert.Single(Directory.GetFiles(_tmp.Sub("local-out")));
    }
}
