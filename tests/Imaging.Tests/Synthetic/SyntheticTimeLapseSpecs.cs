using System.Globalization;
using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests;

public sealed class SyntheticTimeLapseSpecs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "synth-specs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static readonly SynthOptions Long = new(Frames: 60, Height: 128, Width: 160, InitialCells: 10, Seed: 3,
        DivisionProbability: 0.06);

    private static Dictionary<string, byte[]> ReadTree(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    private static int[] ReadLabels(string path, out MatType type, out Size size)
    {
        using var m = Cv2.ImRead(path, ImreadModes.Unchanged);
        Assert.False(m.Empty(), $"cannot read {path}");
        type = m.Type();
        size = m.Size();
        m.GetArray(out ushort[] px);
        return px.Select(v => (int)v).ToArray();
    }

    private static List<SynthTrack> ReadTracks(string traDir) =>
        File.ReadAllLines(Path.Combine(traDir, "man_track.txt"))
            .Select(l => l.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Select(v => new SynthTrack(v[0], v[1], v[2], v[3])).ToList();

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_differs()
    {
        var o = new SynthOptions(Frames: 12, Height: 96, Width: 128, InitialCells: 8, Seed: 5, DivisionProbability: 0.2, MinCycleFrames: 2);
        var a = SyntheticTimeLapse.Generate(Path.Combine(_root, "a"), o);
        SyntheticTimeLapse.Generate(Path.Combine(_root, "b"), o);
        SyntheticTimeLapse.Generate(Path.Combine(_root, "c"), o with { Seed = 6 });
        var ta = ReadTree(Path.Combine(_root, "a"));
        var tb = ReadTree(Path.Combine(_root, "b"));
        var tc = ReadTree(Path.Combine(_root, "c"));
        Assert.Equal(12 * 3 + 1, ta.Count);
        Assert.Equal(ta.Keys.Order(), tb.Keys.Order());
        foreach (var (k, v) in ta) Assert.True(v.AsSpan().SequenceEqual(tb[k]), $"{k} differs between two runs with the same seed");
        string t0 = Path.Combine("Synth-N2DH", "01", "t000.tif");
        Assert.False(ta[t0].AsSpan().SequenceEqual(tc[t0]), "a different seed gave the same first frame");
        Assert.Equal(Path.Combine(_root, "a", "Synth-N2DH"), a.DatasetPath);
        Assert.Equal(12, a.FramesWritten);
    }

    [Fact]
    public void Man_track_agrees_with_the_TRA_masks_and_divisions_happen()
    {
        var s = SyntheticTimeLapse.Generate(_root, Long);
        string tra = Path.Combine(s.DatasetPath, "01_GT", "TRA");
        var tracks = ReadTracks(tra);
        Assert.Equal(s.TotalTracks, tracks.Count);
        Assert.Equal(Enumerable.Range(1, tracks.Count), tracks.Select(t => t.Label));

        var present = new Dictionary<int, List<int>>();
        for (int t = 0; t < Long.Frames; t++)
        {
            var labels = ReadLabels(Path.Combine(tra, $"man_track{t:D3}.tif"), out var type, out var size);
            Assert.Equal(MatType.CV_16UC1, type);
            Assert.Equal(new Size(Long.Width, Long.Height), size);
            foreach (int l in labels.Where(l => l != 0).Distinct())
                (present.TryGetValue(l, out var list) ? list : present[l] = []).Add(t);
        }
        foreach (var tr in tracks)
        {
            Assert.True(tr.Begin <= tr.End, $"track {tr.Label}: B {tr.Begin} > E {tr.End}");
            Assert.Equal(Enumerable.Range(tr.Begin, tr.End - tr.Begin + 1), present.GetValueOrDefault(tr.Label, []));
            if (tr.Parent == 0) continue;
            var parent = tracks[tr.Parent - 1];
            Assert.Equal(tr.Begin - 1, parent.End);
        }
        var mothers = tracks.Where(t => t.Parent != 0).GroupBy(t => t.Parent).ToList();
        Assert.NotEmpty(mothers);
        Assert.All(mothers, g => Assert.Equal(2, g.Count()));
        Assert.Equal(s.Divisions, mothers.Count);
        Assert.Equal(present.Keys.Order(), tracks.Select(t => t.Label));
    }

    [Fact]
    public void SEG_and_TRA_are_the_same_partition_and_cells_touch()
    {
        var s = SyntheticTimeLapse.Generate(_root, Long with { Frames = 25 });
        string gt = Path.Combine(s.DatasetPath, "01_GT");
        bool touching = false;
        for (int t = 0; t < 25; t++)
        {
            var seg = ReadLabels(Path.Combine(gt, "SEG", $"man_seg{t:D3}.tif"), out _, out _);
            var tra = ReadLabels(Path.Combine(gt, "TRA", $"man_track{t:D3}.tif"), out _, out _);
            // SEG labels are 1..n per frame, TRA labels are track ids: a bijection with identical pixel sets.
            var map = new Dictionary<int, int>();
            var inverse = new Dictionary<int, int>();
            for (int i = 0; i < seg.Length; i++)
            {
                Assert.Equal(seg[i] == 0, tra[i] == 0);
                if (seg[i] == 0) continue;
                Assert.Equal(seg[i], map.TryGetValue(tra[i], out int m) ? m : map[tra[i]] = seg[i]);
                Assert.Equal(tra[i], inverse.TryGetValue(seg[i], out int r) ? r : inverse[seg[i]] = tra[i]);
            }
            Assert.Equal(Enumerable.Range(1, map.Count), map.Values.Order());
            for (int y = 0; y < Long.Height; y++)
            for (int x = 0; x + 1 < Long.Width; x++)
            {
                int p = y * Long.Width + x;
                if (tra[p] != 0 && tra[p + 1] != 0 && tra[p] != tra[p + 1]) touching = true;
                if (y + 1 < Long.Height && tra[p] != 0 && tra[p + Long.Width] != 0 && tra[p] != tra[p + Long.Width]) touching = true;
            }
        }
        Assert.True(touching, "no two nuclei touched in 25 frames");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void Raw_frames_have_the_expected_type_read_back_unchanged_and_cells_are_brighter(int depth)
    {
        var o = Long with { Frames = 3, BitDepth = depth };
        var s = SyntheticTimeLapse.Generate(_root, o);
        foreach (var f in SyntheticTimeLapse.Frames(o))
        {
            using var _ = f;
            using var img = Cv2.ImRead(Path.Combine(s.SequencePath, $"t{f.T:D3}.tif"), ImreadModes.Unchanged);
            Assert.Equal(depth == 16 ? MatType.CV_16UC1 : MatType.CV_8UC1, img.Type());
            Assert.Equal(f.Image.Type(), img.Type());
            Assert.Equal(new Size(o.Width, o.Height), img.Size());
            using var diff = new Mat();
            Cv2.Absdiff(img, f.Image, diff);
            Assert.Equal(0, Cv2.CountNonZero(diff)); // what is written is what the in-memory API returns

            double fg = 0, bg = 0;
            int nf = 0, nb = 0;
            img.ConvertTo(img, MatType.CV_32FC1);
            img.GetArray(out float[] px);
            for (int i = 0; i < px.Length; i++)
                if (f.Segmentation.Labels[i] != 0) { fg += px[i]; nf++; }
                else { bg += px[i]; nb++; }
            Assert.True(nf > 0 && nb > 0);
            double k = depth == 16 ? 1 : 0.25;
            Assert.True(fg / nf > bg / nb + 150 * k, $"cells {fg / nf:F1} not clearly brighter than background {bg / nb:F1}");
            Assert.InRange(bg / nb, 60 * k, 140 * k);
            Assert.Equal(f.Segmentation.Count, f.TrackIds.Length);
        }
    }

    [Fact]
    public void More_than_1000_frames_use_four_digits()
    {
        var o = new SynthOptions(Frames: 1001, Height: 8, Width: 8, InitialCells: 1, MeanRadius: 2, DivisionProbability: 0);
        var s = SyntheticTimeLapse.Generate(_root, o);
        Assert.True(File.Exists(Path.Combine(s.SequencePath, "t0000.tif")));
        Assert.True(File.Exists(Path.Combine(s.SequencePath, "t1000.tif")));
        Assert.True(File.Exists(Path.Combine(s.DatasetPath, "01_GT", "TRA", "man_track1000.tif")));
        Assert.False(File.Exists(Path.Combine(s.SequencePath, "t000.tif")));
    }

    [Fact]
    public void Large_frames_work_in_memory()
    {
        var o = new SynthOptions(Frames: 3, Height: 832, Width: 992, InitialCells: 150, MeanRadius: 18);
        int n = 0;
        foreach (var f in SyntheticTimeLapse.Frames(o))
        {
            using var _ = f;
            Assert.Equal(832, f.Image.Rows);
            Assert.Equal(992, f.Image.Cols);
            Assert.True(f.Segmentation.Count > 100);
            // The ground truth round-trips through the RLE codec.
            var back = Rle.DecodeAll(Rle.EncodeAll(f.Segmentation), 832, 992);
            Assert.Equal(f.Segmentation.Labels, back.Labels);
            n++;
        }
        Assert.Equal(3, n);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SynthSimulation(new SynthOptions(BitDepth: 12)));
        Assert.Throws<ArgumentException>(() => new SynthSimulation(new SynthOptions(Frames: 0)));
        Assert.Throws<ArgumentException>(() => new SynthSimulation(new SynthOptions(Height: 4)));
    }
}
