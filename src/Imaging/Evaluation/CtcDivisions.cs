namespace CellActors.Imaging.Evaluation;

/// <summary>
/// Precision and recall of division (mitosis) detection over CTC track files and the frame matching TRA uses. A
/// reference division — mother M ending at t, daughters beginning at t + 1 — is found when the result object
/// matching M's marker at t is a result track ending at t whose daughters (beginning at t + 1) are exactly the result
/// objects matching M's daughters' markers at t + 1: the same frame, the same mother, the same two daughters
/// (the CTC's branching correctness BC(0)); a tolerance allows the frame to differ (BC(i)).
/// </summary>
public static class CtcDivisions
{
    /// <summary>
    /// Scores the result's divisions. Result masks must carry track labels (as <c>res_track.txt</c> requires). With a
    /// <paramref name="tolerance"/> of i frames a result division may happen up to i frames before or after the
    /// reference one (the CTC's BC(i)): the mother is compared where both still exist (the earlier of the two
    /// division frames) and the daughters just after the later one. Each result division matches at most once.
    /// </summary>
    public static DivisionScore Score(IReadOnlyList<TraFrame> frames, IReadOnlyList<CtcTrack> reference, IReadOnlyList<CtcTrack> result, int tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var byT = frames.ToDictionary(f => f.T);
        var gtEnd = reference.ToDictionary(x => x.Label, x => x.End);
        var resEnd = result.ToDictionary(x => x.Label, x => x.End);
        var gtDivisions = Divisions(reference);
        var resDivisions = Divisions(result);
        var used = new HashSet<int>();
        int matched = 0;
        foreach (var (mother, daughters) in gtDivisions.OrderBy(kv => gtEnd[kv.Key]).ThenBy(kv => kv.Key))
        {
            int t = gtEnd[mother];
            foreach (var (resMother, resDaughters) in resDivisions.OrderBy(kv => Math.Abs(resEnd[kv.Key] - t)).ThenBy(kv => kv.Key))
            {
                int t2 = resEnd[resMother];
                if (Math.Abs(t2 - t) > tolerance || used.Contains(resMother)) continue;
                if (!byT.TryGetValue(Math.Min(t, t2), out var before) || before.MarkerMatch.GetValueOrDefault(mother) != resMother) continue;
                if (!byT.TryGetValue(Math.Max(t, t2) + 1, out var after)) continue;
                var found = daughters.Select(d => after.MarkerMatch.GetValueOrDefault(d)).ToHashSet();
                if (found.Contains(0) || found.Count != daughters.Count || !found.SetEquals(resDaughters)) continue;
                used.Add(resMother);
                matched++;
                break;
            }
        }
        return new DivisionScore(gtDivisions.Count, resDivisions.Count, matched);
    }

    /// <summary>Mother label → daughters that begin right after it ends, for every mother with at least two.</summary>
    public static Dictionary<int, HashSet<int>> Divisions(IReadOnlyList<CtcTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var ends = tracks.ToDictionary(t => t.Label, t => t.End);
        return tracks.Where(t => t.Parent != 0 && ends.TryGetValue(t.Parent, out int e) && t.Begin == e + 1)
            .GroupBy(t => t.Parent)
            .Where(g => g.Count() >= 2)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Label).ToHashSet());
    }
}
