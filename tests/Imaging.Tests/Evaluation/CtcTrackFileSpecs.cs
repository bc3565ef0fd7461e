using CellActors.Imaging.Evaluation;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Imaging.Tests.Evaluation;

public sealed class CtcTrackFileSpecs : IDisposable
{
    private readonly TempDir _dir = new("ctctrackfile-specs");

    public void Dispose() => _dir.Dispose();

    private string WriteText(string text)
    {
        var p = _dir.File("res_track.txt");
        File.WriteAllText(p, text);
        return p;
    }

    [Fact]
    public void Write_then_read_gives_the_same_tracks_as_L_B_E_P_lines()
    {
        CtcTrack[] tracks = [new(1, 0, 4, 0), new(2, 5, 9, 1), new(3, 5, 7, 1), new(12, 2, 2, 0)];
        var p = _dir.File("out/res_track.txt");
        CtcTrackFile.Write(p, tracks);
        Assert.Equal("1 0 4 0\n2 5 9 1\n3 5 7 1\n12 2 2 0\n", File.ReadAllText(p));
        Assert.Equal(tracks, CtcTrackFile.Read(p));
    }

    [Fact]
    public void Read_accepts_tabs_extra_spaces_and_blank_lines()
    {
        var p = WriteText("1\t0\t3\t0\r\n\n  2  4 6   1 \n");
        Assert.Equal([new CtcTrack(1, 0, 3, 0), new CtcTrack(2, 4, 6, 1)], CtcTrackFile.Read(p));
        Assert.Empty(CtcTrackFile.Read(WriteText("")));
    }

    [Theory]
    [InlineData("1 0 3 0\n2 0 3\n", "line 2: expected 4 integers")]
    [InlineData("1 0 3 0\n2 0 x 0\n", "line 2: end E 'x' is not an integer")]
    [InlineData("0 0 3 0\n", "line 1: label 0 must be > 0")]
    [InlineData("1 -1 3 0\n", "line 1: track 1 begins at -1")]
    [InlineData("1 4 3 0\n", "line 1: track 1 ends (3) before it begins (4)")]
    [InlineData("1 0 3 -2\n", "line 1: track 1 has a negative parent")]
    [InlineData("1 0 3 0\n\n1 4 5 0\n", "line 3: track 1 is declared twice (first on line 1)")]
    [InlineData("1 0 3 0 7\n", "line 1: expected 4 integers")]
    public void Read_names_the_file_and_line_of_bad_input(string text, string expected)
    {
        var p = WriteText(text);
        var ex = Assert.Throws<InvalidDataException>(() => CtcTrackFile.Read(p));
        Assert.Contains(p, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Read_of_a_missing_file_names_it()
    {
        var p = Path.Combine(_dir.Path, "nope", "res_track.txt");
        var ex = Assert.Throws<FileNotFoundException>(() => CtcTrackFile.Read(p));
        Assert.Contains(p, ex.Message);
    }

    private static Dictionary<int, IReadOnlySet<int>> Frames(params int[][] labels) =>
        labels.Select((l, t) => (t, (IReadOnlySet<int>)l.ToHashSet())).ToDictionary(x => x.t, x => x.Item2);

    [Fact]
    public void Consistent_tracks_validate()
    {
        // 1 divides into 2 and 3 after t 1; 4 has a gap at t 2 and continues as 5 (its only daughter).
        var frames = Frames([1, 4], [1, 4], [2, 3], [2, 3, 5]);
        Assert.Empty(CtcTrackFile.Validate([new(1, 0, 1, 0), new(2, 2, 3, 1), new(3, 2, 3, 1), new(4, 0, 1, 0), new(5, 3, 3, 4)], frames));
    }

    [Fact]
    public void Validate_lists_every_rule_broken()
    {
        var frames = Frames([1, 2, 9], [1], [1, 3], [3]);
        CtcTrack[] tracks =
        [
            new(1, 0, 2, 0),   // fine
            new(2, 0, 1, 0),   // absent at t 1
            new(3, 2, 3, 1),   // parent 1 ends at 2, not before 2
            new(4, 1, 5, 0),   // ends after the last frame
            new(5, 3, 3, 8),   // undeclared parent; and absent at t 3
            new(6, 3, 3, 6),   // its own parent; absent
            new(1, 0, 0, 0),   // declared twice
        ];
        var p = CtcTrackFile.Validate(tracks, frames, "res_track.txt");
        Assert.Contains("res_track.txt: track 1 is declared more than once", p);
        Assert.Contains("res_track.txt: track 2 (0..1) is absent from the mask at time point(s) 1", p);
        Assert.Contains("res_track.txt: track 3 begins at 2 but its parent 1 ends at 2 (a parent must end before its daughter begins)", p);
        Assert.Contains("res_track.txt: track 4 (1..5) begins or ends outside the image sequence (0..3)", p);
        Assert.Contains("res_track.txt: track 5 refers to parent 8, which is not declared", p);
        Assert.Contains("res_track.txt: track 6 is its own parent", p);
        Assert.Contains("res_track.txt: label 9 found in the mask at time point 0 is not declared", p);
        Assert.DoesNotContain(p, m => m.Contains("track 1 (", StringComparison.Ordinal));
    }

    [Fact]
    public void A_label_outside_its_declared_span_is_reported()
    {
        var p = CtcTrackFile.Validate([new(1, 0, 1, 0)], Frames([1], [1], [1]));
        Assert.Equal(["track file: label 1 found in the mask at time point 2 is declared only for 0..1"], p);
    }
}
