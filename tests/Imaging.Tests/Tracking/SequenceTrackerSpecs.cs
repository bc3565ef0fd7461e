using CellActors.Imaging.Tracking;
using Xunit;

namespace CellActors.Imaging.Tests.Tracking;

public sealed class SequenceTrackerSpecs
{
    /// <summary>Ground-truth frames of a synthetic sequence as tracker input (labels = true track ids).</summary>
    private static List<(int T, List<TrackedObject> Objects)> GroundTruth(SynthOptions o, out IReadOnlyList<SynthTrack> tracks)
    {
        var sim = new SynthSimulation(o);
        var frames = new List<(int, List<TrackedObject>)>();
        while (sim.HasNext)
        {
            using var f = sim.Next();
            frames.Add((f.T, TrackedObjects.FromLabels(f.Tracking)));
        }
        tracks = sim.Tracks;
        return frames;
    }

    private static (Dictionary<int, Track> Tracks, List<int[]> Ids) Run(SequenceTracker tracker, IEnumerable<(int T, List<TrackedObject> Objects)> frames, Dictionary<int, Track>? tracks = null)
    {
        tracks ??= new Dictionary<int, Track>();
        var ids = new List<int[]>();
        foreach (var (t, objects) in frames)
        {
            var r = tracker.Advance(t, objects);
            foreach (var tr in r.Changed) tracks[tr.Id] = tr;
            ids.Add(r.TrackIds);
        }
        return (tracks, ids);
    }

    /// <summary>Maps result tracks to true tracks through the objects; asserts it is a bijection.</summary>
    private static Dictionary<int, int> MatchTracks(List<(int T, List<TrackedObject> Objects)> frames, List<int[]> ids)
    {
        var map = new Dictionary<int, int>();
        var inverse = new Dictionary<int, int>();
        for (int f = 0; f < frames.Count; f++)
            for (int i = 0; i < ids[f].Length; i++)
            {
                int truth = frames[f].Objects[i].Label, result = ids[f][i];
                if (map.TryGetValue(result, out int seen)) Assert.True(seen == truth, $"result track {result} holds true tracks {seen} and {truth} (t = {frames[f].T})");
                else map[result] = truth;
                if (inverse.TryGetValue(truth, out int seenR)) Assert.True(seenR == result, $"true track {truth} split into result tracks {seenR} and {result} (t = {frames[f].T})");
                else inverse[truth] = result;
            }
        return map;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(44)]
    public void Recovers_the_exact_lineage_of_a_synthetic_sequence_with_divisions(int seed)
    {
        var o = new SynthOptions(Frames: 80, Height: 256, Width: 256, InitialCells: 10, Seed: seed, DivisionProbability: 0.06, MinCycleFrames: 6);
        var frames = GroundTruth(o, out var truth);
        Assert.True(truth.Count(t => t.Parent != 0) >= 6, "the sequence should contain several divisions");

        var (tracks, ids) = Run(new SequenceTracker(new TrackingOptions()), frames);
        var map = MatchTracks(frames, ids);

        Assert.Equal(truth.Count, tracks.Count);
        var truthById = truth.ToDictionary(t => t.Label);
        foreach (var tr in tracks.Values)
        {
            var expected = truthById[map[tr.Id]];
            Assert.Equal((expected.Begin, expected.End), (tr.TStart, tr.TEnd));
            int expectedParent = expected.Parent;
            int actualParent = tr.Parent is { } p ? map[p] : 0;
            Assert.Equal(expectedParent, actualParent);
        }
        Assert.Equal(truth.Count(t => t.Parent != 0) / 2, tracks.Values.Count(t => t.DivisionT is not null));
    }

    [Fact]
    public void A_cell_missed_in_one_frame_continues_as_a_child_track_across_the_gap()
    {
        var o = new SynthOptions(Frames: 30, InitialCells: 8, Seed: 5, DivisionProbability: 0);
        var frames = GroundTruth(o, out var truth);
        int missing = frames[10].Objects[2].Label;
        frames[10].Objects.RemoveAt(2);

        var (tracks, ids) = Run(new SequenceTracker(new TrackingOptions(MaxGap: 2)), frames);

        Assert.True(truth.Count + 1 == tracks.Count, string.Join("\n", tracks.Values.Select(t => $"{t.Id} {t.TStart}-{t.TEnd} p{t.Parent} c{t.Children}")) + "\nmissing " + missing);
        int before = ids[9][frames[9].Objects.FindIndex(x => x.Label == missing)];
        int after = ids[11][frames[11].Objects.FindIndex(x => x.Label == missing)];
        Assert.NotEqual(before, after);
        Assert.Equal((0, 9, 0), (tracks[before].TStart, tracks[before].TEnd, tracks[before].Children - 1));
        Assert.Equal(before, tracks[after].Parent);
        Assert.Equal((11, 29), (tracks[after].TStart, tracks[after].TEnd));
        Assert.Null(tracks[before].DivisionT);
        Assert.Equal(0, tracks[after].CycleStart);
        // every other cell is one unbroken track
        Assert.Equal(truth.Count - 1, tracks.Values.Count(t => t.Parent is null && t.Children == 0 && (t.TStart, t.TEnd) == (0, 29)));
    }

    [Fact]
    public void Without_gap_closing_a_missed_cell_ends_and_a_new_track_appears()
    {
        var o = new SynthOptions(Frames: 20, InitialCells: 6, Seed: 5, DivisionProbability: 0);
        var frames = GroundTruth(o, out _);
        frames[10].Objects.RemoveAt(0);
        var (tracks, _) = Run(new SequenceTracker(new TrackingOptions(MaxGap: 0)), frames);
        Assert.Equal(7, tracks.Count);
        Assert.All(tracks.Values, t => Assert.Null(t.Parent));
    }

    [Fact]
    public void A_tracker_rebuilt_from_its_stored_state_continues_exactly()
    {
        var o = new SynthOptions(Frames: 60, InitialCells: 10, Seed: 11, DivisionProbability: 0.05, MinCycleFrames: 5);
        var frames = GroundTruth(o, out _);
        frames[20].Objects.RemoveAt(1);
        var options = new TrackingOptions(MaxGap: 2);
        var (whole, wholeIds) = Run(new SequenceTracker(options), frames);

        for (int cut = 1; cut < frames.Count; cut += 7)
        {
            var first = new SequenceTracker(options);
            var (tracks, ids) = Run(first, frames.Take(cut));
            // What the database would hold: every track row, and the objects of the last frame with their track ids.
            int lastT = frames[cut - 1].T;
            var open = tracks.Values.Where(t => t.Children == 0 && t.TEnd >= lastT - options.MaxGap).ToList();
            var previous = frames[cut - 1].Objects.Select((obj, i) => (obj, ids[^1][i])).ToList();
            var resumed = new SequenceTracker(options, first.MaxDistance, first.NextTrackId, lastT, open, previous);
            var (all, restIds) = Run(resumed, frames.Skip(cut), tracks);

            Assert.Equal(wholeIds.Select(x => string.Join(",", x)), ids.Concat(restIds).Select(x => string.Join(",", x)));
            Assert.Equal(whole.Count, all.Count);
            foreach (var t in whole.Values)
            {
                var u = all[t.Id];
                Assert.Equal((t.Parent, t.TStart, t.TEnd, t.Children, t.Observations, t.CycleStart, t.StartX, t.EndY, t.PathLength),
                    (u.Parent, u.TStart, u.TEnd, u.Children, u.Observations, u.CycleStart, u.StartX, u.EndY, u.PathLength));
            }
        }
    }

    [Fact]
    public void Holds_a_bounded_window_however_long_the_sequence()
    {
        var o = new SynthOptions(Frames: 300, Height: 128, Width: 128, InitialCells: 6, Seed: 2, DivisionProbability: 0);
        var tracker = new SequenceTracker(new TrackingOptions(MaxGap: 2));
        int most = 0;
        foreach (var (t, objects) in GroundTruth(o, out _))
        {
            tracker.Advance(t, objects);
            most = Math.Max(most, tracker.OpenTracks);
        }
        Assert.InRange(most, 6, 12);
    }

    [Fact]
    public void Measures_duration_displacement_speed_and_division_time()
    {
        static TrackedObject Disc(int label, double x, double y) => new(label, 50, x, y, (int)x - 4, (int)y - 4, 8, 8, [((int)x * 64) + (int)y - 2, 4]);
        var tracker = new SequenceTracker(new TrackingOptions(MaxDistance: 10, MinDivisionAge: 1));
        var r0 = tracker.Advance(0, [Disc(1, 10, 10)]);
        tracker.Advance(1, [Disc(1, 13, 14)]);
        var r2 = tracker.Advance(2, [Disc(1, 16, 18)]);
        var tr = r2.Changed.Single();
        Assert.Equal((0, 2, 3), (tr.TStart, tr.TEnd, tr.Duration));
        Assert.Equal(10, tr.PathLength, 9);
        Assert.Equal(10, tr.Displacement, 9);
        Assert.Equal(5, tr.MeanSpeed, 9);
        Assert.Equal(r0.TrackIds[0], tr.Id);
    }

    [Fact]
    public void Refuses_frames_out_of_order()
    {
        var tracker = new SequenceTracker(new TrackingOptions());
        tracker.Advance(3, []);
        Assert.Throws<ArgumentException>(() => tracker.Advance(3, []));
    }
}
