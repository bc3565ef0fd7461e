using System.Globalization;
using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// <c>export labels</c> of 3D stacks through the real process: an ImageJ Z stack gives one multi-page label TIFF named
/// after it, one page per slice in z order, every page the database's objects of that (t, z); a Z stack over time one
/// such file per time point; a 2D image one page; labels above 65,535 a uint32 TIFF, and PNG refuses stacks and such labels.
/// </summary>
public sealed class LabelStackExportSpecs
{
    /// <summary>Writes an ImageJ stack of <paramref name="slices"/> z-slices × <paramref name="frames"/> time points (ZT order), its planes distinct synthetic frames.</summary>
    private static void WriteStack(string path, string synthDir, int slices, int frames, int seed)
    {
        var synth = SyntheticTimeLapse.Generate(synthDir, new SynthOptions(Frames: slices * frames, Height: 96, Width: 112, InitialCells: 6, Seed: seed));
        var pages = new List<TestTiff.Page>();
        for (int i = 0; i < slices * frames; i++)
        {
            using var plane = Cv2.ImRead(Path.Combine(synth.SequencePath, $"t{i:D3}.tif"), ImreadModes.Unchanged);
            string? description = i > 0 ? null
                : $"ImageJ=1.54f\nimages={slices * frames}\nslices={slices}\n" + (frames > 1 ? $"frames={frames}\nhyperstack=true\n" : "");
            pages.Add(TestTiff.FromMat(plane, description));
        }
        TestTiff.Write(path, pages, Compression.LZW);
    }

    [Fact]
    public void A_z_stack_gives_one_multi_page_label_tiff_per_input_and_time_point_equal_to_the_database()
    {
        using var tmp = new TempDir();
        var data = tmp.Dir("data");
        WriteStack(Path.Combine(data, "stack.tif"), tmp.Sub("s1"), slices: 3, frames: 1, seed: 3);
        WriteStack(Path.Combine(data, "movie.tif"), tmp.Sub("s2"), slices: 2, frames: 2, seed: 4);
        WriteStack(Path.Combine(data, "flat.tif"), tmp.Sub("s3"), slices: 1, frames: 1, seed: 5);
        var results = tmp.Sub("results");
        var run = CliProcess.Run("run", "--segmenter", "default", data, "--out", results, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM errors"));
        Assert.Equal(3 + 4 + 1, ResultsDb.Scalar(results, "SELECT COUNT(*) FROM frames"));

        var labels = tmp.Sub("labels");
        var export = CliProcess.Run("export", "labels", results, "--to", labels);
        Assert.True(export.ExitCode == 0, export.ToString());
        long objects = ResultsDb.Scalar(results, "SELECT COUNT(*) FROM objects");
        Assert.True(objects > 0);
        Assert.Contains($"wrote 4 label images ({objects} objects)", export.Stdout, StringComparison.Ordinal);
        Assert.Equal(["flat_masks.tif", "movie_t0000_masks.tif", "movie_t0001_masks.tif", "stack_masks.tif"],
            Directory.GetFiles(labels).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The loose files of one folder are one sequence (flat t 0, movie t 0-1, stack t 2); k is the input's k-th time point.
        foreach (var (file, stem, k, planes) in new[] { ("stack_masks.tif", "stack", 0, 3), ("movie_t0000_masks.tif", "movie", 0, 2), ("movie_t0001_masks.tif", "movie", 1, 2), ("flat_masks.tif", "flat", 0, 1) })
        {
            var uri = Path.Combine(data, stem + ".tif");
            long t = ResultsDb.Rows(results, "SELECT DISTINCT t FROM frames WHERE uri = @uri ORDER BY t", ("@uri", uri)).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ElementAt(k);
            var frames = ResultsDb.Rows(results, "SELECT image_id, z, height, width FROM frames WHERE uri = @uri AND t = @t ORDER BY z", ("@uri", uri), ("@t", t));
            Assert.Equal(planes, frames.Count);
            Assert.Equal(Enumerable.Range(0, planes).Select(z => (long)z), frames.Select(f => Convert.ToInt64(f[1], CultureInfo.InvariantCulture)));
            var pages = ReadPages(Path.Combine(labels, file));
            Assert.Equal(planes, pages.Count);
            for (int z = 0; z < planes; z++)
            {
                int h = Convert.ToInt32(frames[z][2], CultureInfo.InvariantCulture), w = Convert.ToInt32(frames[z][3], CultureInfo.InvariantCulture);
                Assert.Equal((96, 112), (h, w));
                Assert.Equal((16, h, w), (pages[z].Bits, pages[z].Height, pages[z].Width));
                var truth = Decoded(results, (string)frames[z][0], h, w);
                Assert.Contains(truth, l => l > 0);
                Assert.Equal(truth, pages[z].Labels);
            }
        }

        // PNG holds one plane: a stack is refused, naming the way out.
        var png = CliProcess.Run("export", "labels", results, "--to", tmp.Sub("png"), "--format", "png");
        Assert.Equal(1, png.ExitCode);
        Assert.Contains("cannot be one PNG", png.Stderr, StringComparison.Ordinal);
        Assert.Contains("--format tif", png.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_above_65535_are_written_as_uint32_tiff_and_refused_as_png()
    {
        using var tmp = new TempDir();
        var folder = tmp.Dir("results");
        const int h = 8, w = 8;
        using (var store = ResultStore.OpenSqlite(Path.Combine(folder, "cellactors.db")))
        {
            store.CreateJob("j", "/d", "fp", 1, [new FrameRef(0, "d", "s", 0, 0, "/d/big.tif", 0, "d/s/big")], []);
            int run = store.StartRun("j");
            // Column-major RLE from 1: label 70000 is column 0, rows 0-3; label 5 is column 2, every row.
            store.CommitBatch("j", 0, run, [new FrameRow("d/s/big", "d", "s", 0, 0, h, w, 2, 12, h * w, 12.0 / (h * w), 0, 0, 0, 0, "/d/big.tif", 0)],
                [new ObjectRow("d/s/big", 5, 8, 2, 3.5, 2, 0, 1, 8, 0, 0, 0, 0, 0, 0, 1, 3.19, 1, 1, "17 8"),
                 new ObjectRow("d/s/big", 70000, 4, 0, 1.5, 0, 0, 1, 4, 0, 0, 0, 0, 0, 0, 1, 2.26, 1, 1, "1 4")], []);
            store.EndRun("j", run, RunStatus.Completed);
            store.CompleteJob("j");
        }

        var export = CliProcess.Run("export", "labels", folder, "--to", tmp.Sub("labels"));
        Assert.True(export.ExitCode == 0, export.ToString());
        var page = ReadPages(Path.Combine(tmp.Sub("labels"), "big_masks.tif")).Single();
        Assert.Equal(32, page.Bits);
        var expected = new int[h * w];
        for (int y = 0; y < 4; y++) expected[y * w] = 70000;
        for (int y = 0; y < h; y++) expected[y * w + 2] = 5;
        Assert.Equal(expected, page.Labels);

        var png = CliProcess.Run("export", "labels", folder, "--to", tmp.Sub("png"), "--format", "png");
        Assert.Equal(1, png.ExitCode);
        Assert.Contains("label 70000 does not fit in a 16-bit PNG", png.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Every page of a label TIFF through LibTiff: its bits per sample, size and labels (row-major).</summary>
    private static List<(int Bits, int Height, int Width, int[] Labels)> ReadPages(string path)
    {
        var pages = new List<(int, int, int, int[])>();
        using var tif = Tiff.Open(path, "r") ?? throw new IOException($"cannot open {path}");
        do
        {
            int w = tif.GetField(TiffTag.IMAGEWIDTH)[0].ToInt(), h = tif.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
            int bits = tif.GetField(TiffTag.BITSPERSAMPLE)[0].ToInt();
            Assert.Equal(1, tif.GetField(TiffTag.SAMPLESPERPIXEL)?[0].ToInt() ?? 1);
            var labels = new int[h * w];
            var row = new byte[tif.ScanlineSize()];
            for (int y = 0; y < h; y++)
            {
                Assert.True(tif.ReadScanline(row, y));
                for (int x = 0; x < w; x++)
                    labels[y * w + x] = bits == 16 ? BitConverter.ToUInt16(row, 2 * x) : checked((int)BitConverter.ToUInt32(row, 4 * x));
            }
            pages.Add((bits, h, w, labels));
        }
        while (tif.ReadDirectory());
        return pages;
    }

    /// <summary>The database's own masks of a frame: every object's RLE decoded with its label (row-major).</summary>
    private static int[] Decoded(string results, string id, int h, int w)
    {
        var labels = new int[h * w];
        foreach (var r in ResultsDb.Rows(results, "SELECT label, rle FROM objects WHERE image_id = @id ORDER BY label", ("@id", id)))
            Rle.DecodeInto((string)r[1], Convert.ToInt32(r[0], CultureInfo.InvariantCulture), labels, h, w);
        return labels;
    }
}
