using System.Globalization;

namespace CellActors.Imaging.Evaluation;

/// <summary>
/// The Cell Tracking Challenge TRA measure: normalised AOGM (Matula et al. 2015, "Cell tracking accuracy measurement
/// based on comparison of acyclic oriented graphs"), as the official evaluation computes it (TRAMeasure; the TRA
/// worker of the CTC Fiji plugins / java-ctcmetrics, with its consistency check on).
/// <para><b>Graphs.</b> A vertex is a track's object in one frame. Edges come from the <c>L B E P</c> track files: each
/// track links its object at t to its object at t + 1 for B ≤ t &lt; E, and a track with a parent P gets a "parental"
/// edge from P's object at E(P) to its own object at B (a division when P has several daughters, a gap closing when
/// it has one: the daughter may begin more than one frame later).</para>
/// <para><b>Vertices.</b> Per frame, a result object matches a marker when it covers more than half of it (as DET).
/// FN = unmatched markers, FP = result objects matching nothing, NS = Σ (k − 1) over result objects matching k &gt; 1.</para>
/// <para><b>Result edges</b> (ED, EC) are examined only when both ends match exactly one marker each (edges touching a
/// false positive or a split object are not charged here). Such an edge is ED when the reference has no edge between
/// the two markers; a reference edge between them is "the same track, consecutive frames" or "a parental link (parent
/// ends at the start frame, daughter begins at the end frame, P matches)". It is EC when the result edge is a
/// continuation and the reference edge parental, or the reverse.</para>
/// <para><b>Reference edges</b> (EA) are missing unless both markers are matched, both matching objects match exactly one
/// marker, and the result links those objects (same label in consecutive frames, or a parental link as above).</para>
/// <para>AOGM = 5·NS + 10·FN + 1·FP + 1·ED + 1.5·EA + 1·EC; AOGM0 = 10·Σ(E − B + 1) + 1.5·(Σ(E − B) + daughters);
/// TRA = 1 − min(AOGM, AOGM0) / AOGM0.</para>
/// <para>Both track files must be consistent with their masks (<see cref="CtcTrackFile.Validate"/>); the official tool
/// refuses inconsistent input too. Unlike the official tool, a frame without any marker or result object is scored
/// (its objects count as FN/FP), not refused.</para>
/// </summary>
public static class CtcTra
{
    /// <summary>Weight of a split (NS).</summary>
    public const double SplitWeight = 5;

    /// <summary>Weight of a false negative vertex (FN).</summary>
    public const double FalseNegativeWeight = 10;

    /// <summary>Weight of a false positive vertex (FP).</summary>
    public const double FalsePositiveWeight = 1;

    /// <summary>Weight of a redundant edge to delete (ED).</summary>
    public const double RedundantEdgeWeight = 1;

    /// <summary>Weight of a missing edge to add (EA).</summary>
    public const double MissingEdgeWeight = 1.5;

    /// <summary>Weight of an edge whose semantics must change (EC).</summary>
    public const double WrongSemanticsWeight = 1;

    /// <summary>Matches the markers of one time point with the result objects (a result object matches a marker it covers more than half of).</summary>
    /// <exception cref="ArgumentException">the shapes differ.</exception>
    public static TraFrame MatchFrame(int t, LabelImage markers, LabelImage result)
    {
        var ov = LabelOverlap.Compute(markers, result);
        var markerMatch = ov.ReferenceSizes.Keys.ToDictionary(m => m, _ => 0);
        var resultMatches = ov.ResultSizes.Keys.ToDictionary(r => r, _ => new List<int>());
        foreach (var (m, r, inter) in ov.Pairs)
        {
            if (2 * inter <= ov.ReferenceSizes[m]) continue; // more than half of the marker: at most one r can
            markerMatch[m] = r;
            resultMatches[r].Add(m);
        }
        foreach (var l in resultMatches.Values) l.Sort();
        return new TraFrame(t, markerMatch, resultMatches.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value));
    }

    /// <summary>Computes TRA from the matched frames and both track lists.</summary>
    /// <exception cref="ArgumentException">no frame or no reference track (TRA is undefined), or a track list is not
    /// consistent with the masks (the message lists the problems).</exception>
    public static TraScore Score(IReadOnlyList<TraFrame> frames, IReadOnlyList<CtcTrack> reference, IReadOnlyList<CtcTrack> result)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(result);
        if (frames.Count == 0) throw new ArgumentException("no time point to score: TRA is undefined", nameof(frames));
        if (reference.Count == 0) throw new ArgumentException("no reference track: TRA is undefined", nameof(reference));
        var levels = new Dictionary<int, TraFrame>(frames.Count);
        foreach (var f in frames)
            if (!levels.TryAdd(f.T, f)) throw new ArgumentException($"time point {f.T} given twice", nameof(frames));

        Check(CtcTrackFile.Validate(reference, levels.ToDictionary(kv => kv.Key, kv => kv.Value.Markers), "reference tracks"), nameof(reference));
        Check(CtcTrackFile.Validate(result, levels.ToDictionary(kv => kv.Key, kv => kv.Value.Results), "result tracks"), nameof(result));

        var gt = reference.ToDictionary(t => t.Label);
        var res = result.ToDictionary(t => t.Label);
        var ops = new List<TraOperation>();
        int ns = 0, fn = 0, fp = 0, ed = 0, ea = 0, ec = 0;

        // Vertices, frame by frame.
        var nsOps = new List<TraOperation>();
        var fnOps = new List<TraOperation>();
        var fpOps = new List<TraOperation>();
        foreach (var f in frames.OrderBy(f => f.T))
        {
            foreach (var (m, r) in f.MarkerMatch.OrderBy(kv => kv.Key))
            {
                if (r != 0) continue;
                fn++;
                fnOps.Add(new TraOperation("FN", Vertex(f.T, m, "GT_label")));
            }
            foreach (var (r, ms) in f.ResultMatches.OrderBy(kv => kv.Key))
            {
                if (ms.Count == 0)
                {
                    fp++;
                    fpOps.Add(new TraOperation("FP", Vertex(f.T, r, "Label")));
                }
                else if (ms.Count > 1)
                {
                    ns += ms.Count - 1;
                    for (int k = 1; k < ms.Count; k++) nsOps.Add(new TraOperation("NS", Vertex(f.T, r, "Label")));
                }
            }
        }

        // Result edges: ED (absent from the reference) and EC (present with the other meaning).
        var edOps = new List<TraOperation>();
        var ecOps = new List<TraOperation>();
        void ResultEdge(int t0, int r0, int t1, int r1, bool parental)
        {
            var m0 = levels[t0].ResultMatches[r0];
            var m1 = levels[t1].ResultMatches[r1];
            if (m0.Count != 1 || m1.Count != 1) return;
            var where = Edge(t0, r0, t1, r1, "Label");
            var gtEdge = ReferenceEdge(gt, t0, m0[0], t1, m1[0]);
            if (gtEdge is null)
            {
                ed++;
                edOps.Add(new TraOperation("ED", where));
            }
            else if (gtEdge.Value != parental)
            {
                ec++;
                ecOps.Add(new TraOperation("EC", where));
            }
        }
        foreach (var tr in result.OrderBy(t => t.Label))
        {
            if (tr.Parent > 0) ResultEdge(res[tr.Parent].End, tr.Parent, tr.Begin, tr.Label, parental: true);
            for (int t = tr.Begin; t < tr.End; t++) ResultEdge(t, tr.Label, t + 1, tr.Label, parental: false);
        }

        // Reference edges the result lacks: EA.
        var eaOps = new List<TraOperation>();
        void ReferenceEdgeExpected(int t0, int g0, int t1, int g1)
        {
            int r0 = levels[t0].MarkerMatch[g0], r1 = levels[t1].MarkerMatch[g1];
            if (ResultHasEdge(levels, res, t0, r0, t1, r1)) return;
            ea++;
            eaOps.Add(new TraOperation("EA", Edge(t0, g0, t1, g1, "GT_label")));
        }
        foreach (var tr in reference.OrderBy(t => t.Label))
        {
            if (tr.Parent > 0) ReferenceEdgeExpected(gt[tr.Parent].End, tr.Parent, tr.Begin, tr.Label);
            for (int t = tr.Begin; t < tr.End; t++) ReferenceEdgeExpected(t, tr.Label, t + 1, tr.Label);
        }

        ops.AddRange(nsOps);
        ops.AddRange(fnOps);
        ops.AddRange(fpOps);
        ops.AddRange(edOps);
        ops.AddRange(eaOps);
        ops.AddRange(ecOps);

        int vertices = reference.Sum(t => t.End - t.Begin + 1);
        int edges = reference.Sum(t => t.End - t.Begin) + reference.Count(t => t.Parent > 0);
        double aogm = SplitWeight * ns + FalseNegativeWeight * fn + FalsePositiveWeight * fp
            + RedundantEdgeWeight * ed + MissingEdgeWeight * ea + WrongSemanticsWeight * ec;
        double aogm0 = FalseNegativeWeight * vertices + MissingEdgeWeight * edges;
        double tra = 1 - Math.Min(aogm, aogm0) / aogm0;
        return new TraScore(tra, aogm, aogm0, ns, fn, fp, ed, ea, ec, vertices, edges, frames.Count, ops);
    }

    /// <summary>
    /// Whether the reference links marker <paramref name="g0"/> at <paramref name="t0"/> to marker <paramref name="g1"/>
    /// at <paramref name="t1"/>: null when it does not, false for a continuation of one track (same label, consecutive
    /// frames), true for a parental link (g0 ends at t0, g1 begins at t1 and has parent g0).
    /// </summary>
    private static bool? ReferenceEdge(Dictionary<int, CtcTrack> gt, int t0, int g0, int t1, int g1)
    {
        if (g0 == g1) return t0 + 1 == t1 ? false : null;
        var parent = gt[g0];
        var child = gt[g1];
        return parent.End == t0 && child.Begin == t1 && child.Parent == g0 ? true : null;
    }

    /// <summary>
    /// Whether the result links object <paramref name="r0"/> at <paramref name="t0"/> to object <paramref name="r1"/> at
    /// <paramref name="t1"/>, both existing (not 0) and each matching exactly one marker.
    /// </summary>
    private static bool ResultHasEdge(Dictionary<int, TraFrame> levels, Dictionary<int, CtcTrack> res, int t0, int r0, int t1, int r1)
    {
        if (r0 == 0 || r1 == 0) return false;
        if (levels[t0].ResultMatches[r0].Count != 1 || levels[t1].ResultMatches[r1].Count != 1) return false;
        if (r0 == r1) return t0 + 1 == t1;
        var parent = res[r0];
        var child = res[r1];
        return parent.End == t0 && child.Begin == t1 && child.Parent == r0;
    }

    private static void Check(IReadOnlyList<string> problems, string param)
    {
        if (problems.Count == 0) return;
        const int shown = 20;
        var text = string.Join("; ", problems.Take(shown));
        if (problems.Count > shown) text += $"; ... and {problems.Count - shown} more";
        throw new ArgumentException($"{problems.Count} consistency problem(s): {text}", param);
    }

    private static string Vertex(int t, int label, string kind) => string.Create(CultureInfo.InvariantCulture, $"T={t} {kind}={label}");

    private static string Edge(int t0, int l0, int t1, int l1, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"[T={t0} {kind}={l0}] -> [T={t1} {kind}={l1}]");
}
