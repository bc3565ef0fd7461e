using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace CellActors.Imaging.Tests;

/// <summary>A generated label image; printed compactly when a property fails.</summary>
public sealed record LabelCase(string Kind, int Height, int Width, int[] Labels, int Count, bool Consecutive)
{
    public LabelImage Image => new(Height, Width, (int[])Labels.Clone(), Count);

    public override string ToString()
    {
        var sb = new StringBuilder($"{Kind} {Height}x{Width} count={Count}:");
        for (int y = 0; y < Height && y < 20; y++)
        {
            sb.Append("\n ");
            for (int x = 0; x < Width && x < 40; x++) sb.Append(' ').Append(Labels[y * Width + x]);
        }
        return sb.ToString();
    }
}

/// <summary>Random label images: empty, full, 1xN, Nx1, blobs, salt-and-pepper, with gaps in the labels.</summary>
public static class LabelCaseArbitrary
{
    public static Arbitrary<LabelCase> Cases() =>
        Gen.Choose(0, 5).SelectMany(kind => Gen.Choose(0, int.MaxValue - 1).Select(seed => Build(kind, seed))).ToArbitrary();

    public static LabelCase Build(int kind, int seed)
    {
        var rnd = new Random(seed);
        int h = rnd.Next(1, 33), w = rnd.Next(1, 33);
        if (rnd.Next(6) == 0) h = 1;
        else if (rnd.Next(6) == 0) w = 1;
        var labels = new int[h * w];
        switch (kind)
        {
            case 0: // empty frame, possibly with a Count that names absent labels
                return new LabelCase("empty", h, w, labels, rnd.Next(0, 3), false);
            case 1: // full frame, one object
                Array.Fill(labels, 1);
                return new LabelCase("full", h, w, labels, 1, true);
            case 2: // salt and pepper: many short runs, runs wrapping between columns
            {
                int k = rnd.Next(1, 6);
                for (int i = 0; i < labels.Length; i++) labels[i] = rnd.Next(0, k + 1);
                return Finish("noise", h, w, labels, rnd);
            }
            case 3: // a handful of full columns (exercises wrap-around merging)
            {
                for (int x = 0; x < w; x++)
                {
                    int l = rnd.Next(0, 3);
                    for (int y = 0; y < h; y++) labels[y * w + x] = l;
                }
                return Finish("columns", h, w, labels, rnd);
            }
            default: // blobs: ellipses and rectangles, later ones overwrite earlier ones
            {
                int n = rnd.Next(1, 9);
                for (int o = 1; o <= n; o++)
                {
                    double cy = rnd.NextDouble() * h, cx = rnd.NextDouble() * w;
                    double ry = 0.5 + rnd.NextDouble() * h / 2, rx = 0.5 + rnd.NextDouble() * w / 2;
                    bool rect = rnd.Next(2) == 0;
                    for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        double dy = (y - cy) / ry, dx = (x - cx) / rx;
                        bool inside = rect ? Math.Abs(dy) <= 1 && Math.Abs(dx) <= 1 : dy * dy + dx * dx <= 1;
                        if (inside) labels[y * w + x] = o;
                    }
                }
                return Finish("blobs", h, w, labels, rnd);
            }
        }
    }

    /// <summary>Either relabels to 1..n consecutively, or leaves gaps (absent labels) and a larger Count.</summary>
    private static LabelCase Finish(string kind, int h, int w, int[] labels, Random rnd)
    {
        var map = new Dictionary<int, int>();
        bool gaps = rnd.Next(3) == 0;
        int next = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int l = labels[i];
            if (l == 0) continue;
            if (!map.TryGetValue(l, out int m))
            {
                next += gaps ? rnd.Next(1, 3) : 1;
                map[l] = m = next;
            }
            labels[i] = m;
        }
        int count = gaps ? next + rnd.Next(0, 2) : next;
        return new LabelCase(kind, h, w, labels, count, !gaps || count == map.Count);
    }
}

public class RleSpecs
{
    /// <summary>The obvious encoder: visit pixels column-major, extend the current run or start a new one.</summary>
    private static string[] NaiveEncode(LabelImage img)
    {
        var result = new string[img.Count];
        for (int l = 1; l <= img.Count; l++)
        {
            var parts = new List<string>();
            int start = -1, length = 0;
            for (int x = 0; x < img.Width; x++)
            for (int y = 0; y < img.Height; y++)
            {
                int idx = x * img.Height + y + 1; // 1-based, column-major
                if (img.Labels[y * img.Width + x] != l) continue;
                if (start >= 0 && idx == start + length) length++;
                else
                {
                    if (start >= 0) parts.Add($"{start} {length}");
                    start = idx;
                    length = 1;
                }
            }
            if (start >= 0) parts.Add($"{start} {length}");
            result[l - 1] = string.Join(' ', parts);
        }
        return result;
    }

    [Property(Arbitrary = [typeof(LabelCaseArbitrary)], MaxTest = 300)]
    public bool EncodeAll_agrees_with_the_naive_encoder(LabelCase c) =>
        Rle.EncodeAll(c.Image).SequenceEqual(NaiveEncode(c.Image));

    [Property(Arbitrary = [typeof(LabelCaseArbitrary)], MaxTest = 300)]
    public bool DecodeAll_of_EncodeAll_gives_back_the_labels(LabelCase c)
    {
        var decoded = Rle.DecodeAll(Rle.EncodeAll(c.Image), c.Height, c.Width);
        // Absent labels decode to absent labels, so the buffer round-trips whether or not labels are consecutive.
        return decoded.Height == c.Height && decoded.Width == c.Width && decoded.Count == c.Count
               && decoded.Labels.AsSpan().SequenceEqual(c.Labels);
    }

    [Property(Arbitrary = [typeof(LabelCaseArbitrary)], MaxTest = 200)]
    public bool Absent_labels_encode_to_empty_strings(LabelCase c)
    {
        var rles = Rle.EncodeAll(c.Image);
        var present = new HashSet<int>(c.Labels.Where(l => l != 0));
        return rles.Length == c.Count && Enumerable.Range(1, c.Count).All(l => present.Contains(l) == (rles[l - 1].Length > 0));
    }

    [Fact]
    public void Hand_computed_3x3_with_a_run_wrapping_into_the_next_column()
    {
        // row-major image       column-major pixel numbers
        //   0 1 0                 1 4 7
        //   0 1 1                 2 5 8
        //   1 0 0                 3 6 9
        // label 1 covers pixels 3, 4, 5 and 8: pixel 3 (bottom of column 0) continues into 4 (top of
        // column 1), so the first run is "3 3"; then "8 1".
        var img = new LabelImage(3, 3, [0, 1, 0, 0, 1, 1, 1, 0, 0], 1);
        Assert.Equal(["3 3 8 1"], Rle.EncodeAll(img));
        Assert.Equal(img.Labels, Rle.DecodeAll(["3 3 8 1"], 3, 3).Labels);
    }

    [Fact]
    public void Hand_computed_3x3_with_two_objects()
    {
        //   1 1 0        1 4 7
        //   1 2 2        2 5 8
        //   0 2 0        3 6 9
        // label 1: pixels 1, 2 (column 0) and 4 (column 1) -> "1 2 4 1"
        // label 2: pixels 5, 6 (column 1) and 8 (column 2) -> "5 2 8 1"
        var img = new LabelImage(3, 3, [1, 1, 0, 1, 2, 2, 0, 2, 0], 2);
        Assert.Equal(["1 2 4 1", "5 2 8 1"], Rle.EncodeAll(img));
        Assert.Equal(img.Labels, Rle.DecodeAll(["1 2 4 1", "5 2 8 1"], 3, 3).Labels);
    }

    [Fact]
    public void Hand_computed_single_row_full_empty_and_absent()
    {
        // 1x5 image: every column is one pixel, so pixel numbers are x + 1: pixels 2, 3 and 5.
        Assert.Equal(["2 2 5 1"], Rle.EncodeAll(new LabelImage(1, 5, [0, 1, 1, 0, 1], 1)));
        // 5x1 image: one column, pixel numbers are y + 1.
        Assert.Equal(["1 1 4 2"], Rle.EncodeAll(new LabelImage(5, 1, [1, 0, 0, 1, 1], 1)));
        // A full 2x2 frame is a single run of all four pixels.
        Assert.Equal(["1 4"], Rle.EncodeAll(new LabelImage(2, 2, [1, 1, 1, 1], 1)));
        // Empty frame: no objects; a Count naming absent labels gives "" for each.
        Assert.Empty(Rle.EncodeAll(LabelImage.Empty(4, 4)));
        Assert.Equal(["", "1 1"], Rle.EncodeAll(new LabelImage(2, 2, [2, 0, 0, 0], 2)));
        Assert.Equal("2 2 5 1", Rle.Encode([false, true, true, false, true], 1, 5));
        // Whitespace around and between values is tolerated when decoding.
        Assert.Equal([0, 1, 1, 0, 1], Rle.DecodeAll([" 2  2\t5 1\n"], 1, 5).Labels);
        Assert.Equal(new int[9], Rle.DecodeAll([""], 3, 3).Labels);
    }

    [Fact]
    public void Large_images_round_trip()
    {
        var rnd = new Random(7);
        int h = 300, w = 517;
        var labels = new int[h * w];
        for (int o = 1; o <= 60; o++)
        {
            int cy = rnd.Next(h), cx = rnd.Next(w), r = rnd.Next(3, 25);
            for (int y = Math.Max(0, cy - r); y < Math.Min(h, cy + r); y++)
            for (int x = Math.Max(0, cx - r); x < Math.Min(w, cx + r); x++)
                if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r) labels[y * w + x] = o;
        }
        var img = new LabelImage(h, w, labels, 60);
        var rles = Rle.EncodeAll(img);
        Assert.Equal(NaiveEncode(img), rles);
        Assert.Equal(labels, Rle.DecodeAll(rles, h, w).Labels);
    }

    [Theory]
    [InlineData("1", "odd number of values")]
    [InlineData("1 2 3", "odd number of values")]
    [InlineData("a 2", "not an integer")]
    [InlineData("1 2x", "not an integer")]
    [InlineData("1.5 2", "not an integer")]
    [InlineData("1,2", "not an integer")]
    [InlineData("1 -", "not an integer")]
    [InlineData("0 2", "start 0 < 1")]
    [InlineData("-1 2", "start -1 < 1")]
    [InlineData("1 0", "length 0 < 1")]
    [InlineData("1 -2", "length -2 < 1")]
    [InlineData("8 3", "past the end of the 3x3 image")]
    [InlineData("10 1", "past the end")]
    [InlineData("99999999999999999999 1", "past the end")]
    [InlineData("5 1 3 1", "runs must be increasing")]
    [InlineData("1 3 2 1", "runs must be increasing")]
    [InlineData("1 2 1 2", "runs must be increasing")]
    public void Malformed_strings_throw_with_a_clear_message(string rle, string expected)
    {
        var ex = Assert.Throws<MalformedRleException>(() => Rle.DecodeAll([rle], 3, 3, context: "image X row 7"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("image X row 7", ex.Message);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void Two_objects_claiming_one_pixel_throw()
    {
        var ex = Assert.Throws<MalformedRleException>(() => Rle.DecodeAll(["1 3", "4 1", "3 1"], 3, 3));
        Assert.Contains("label 3", ex.Message);
        Assert.Contains("already belongs to object 1", ex.Message);
        Assert.Null(ex.Context);
    }

    [Fact]
    public void Adjacent_runs_are_accepted_when_decoding()
    {
        // "1 2 3 1" is the unmerged form of "1 3": touching, not overlapping.
        Assert.Equal([1, 1, 1, 0], Rle.DecodeAll(["1 2 3 1"], 4, 1).Labels);
    }

    [Fact]
    public void Labels_outside_the_count_are_rejected_when_encoding()
    {
        Assert.Throws<ArgumentException>(() => Rle.EncodeAll(new LabelImage(1, 3, [0, 3, 0], 2)));
        Assert.Throws<ArgumentException>(() => Rle.EncodeAll(new LabelImage(1, 3, [0, -1, 0], 2)));
    }
}
