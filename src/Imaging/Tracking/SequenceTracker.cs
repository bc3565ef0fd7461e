namespace CellActors.Imaging.Tracking;

/// <summary>
/// Frame-to-frame tracker of one sequence that holds only a window in memory: the previous frame's objects and the
/// tracks that can still change (those that ended at most <see cref="TrackingOptions.MaxGap"/> frames ago), so a
/// 100,000-frame sequence tracks in flat memory. Each <see cref="Advance"/> links the next frame in five steps:
/// <list type="number">
/// <item>previous objects to overlapping current objects by a linear assignment (cost 1 − IoU + 0.5·|ln(area
/// ratio)|; leaving an object unlinked costs 1 on each side);</item>
/// <item>gap closing: unlinked objects to tracks that ended up to <see cref="TrackingOptions.MaxGap"/> frames
/// before, by an assignment over distance; the continuation is a new track whose parent is the old one (CTC
/// semantics for gaps);</item>
/// <item>divisions: a still unlinked object beside a mother whose area and distance fit a mitosis, together with the
/// mother's linked successor (or, when the mother was not linked, two unlinked objects), becomes two daughter tracks
/// and the mother's track ends;</item>
/// <item>previous objects still unlinked to current ones within the max distance, without overlap (cost 1 + d / max
/// distance + the area term);</item>
/// <item>whatever is left starts a new track.</item>
/// </list>
/// The tracker's state is exactly what the results database keeps (tracks rows, the previous frame's objects and
/// the resolved max distance), so a tracker rebuilt from it continues as if it had never stopped.
/// </summary>
public sealed class SequenceTracker
{
    private const double UnlinkedCost = 1.0;

    // A link's cost grows with the change of size: without it, two weak links (a cell leaving at the border next to
    // one entering) outweigh one strong link plus two unlinked objects.
    private const double AreaChangeWeight = 0.5;

    // A division proposal below this cost (daughters mostly inside the mother's footprint) is settled before gap closing.
    private const double ClearDivisionCost = 0.8;
    private readonly TrackingOptions _o;
    private readonly SortedDictionary<int, Track> _open = new();
    private List<(TrackedObject Object, Track Track)> _previous = new();

    /// <summary>Starts a sequence from nothing.</summary>
    public SequenceTracker(TrackingOptions options)
        : this(options, options?.MaxDistance ?? 0, 1, null, Array.Empty<Track>(), Array.Empty<(TrackedObject, int)>())
    {
    }

    /// <summary>
    /// Resumes a sequence: <paramref name="openTracks"/> are the tracks that ended at or after
    /// <paramref name="lastT"/> − max gap without children, <paramref name="previousFrame"/> the objects of frame
    /// <paramref name="lastT"/> with their track ids.
    /// </summary>
    /// <exception cref="ArgumentException">an object of the previous frame names a track not among the open ones.</exception>
    public SequenceTracker(TrackingOptions options, double resolvedMaxDistance, int nextTrackId, int? lastT,
        IEnumerable<Track> openTracks, IReadOnlyList<(TrackedObject Object, int TrackId)> previousFrame)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openTracks);
        ArgumentNullException.ThrowIfNull(previousFrame);
        options.Validate();
        _o = options;
        MaxDistance = resolvedMaxDistance;
        NextTrackId = nextTrackId;
        LastT = lastT;
        foreach (var t in openTracks) _open[t.Id] = t.Clone();
        foreach (var (obj, id) in previousFrame)
        {
            if (!_open.TryGetValue(id, out var track))
                throw new ArgumentException($"object {obj.Label} of frame {lastT} belongs to track {id}, which is not open");
            _previous.Add((obj, track));
        }
    }

    /// <summary>The max distance in use (resolved from the first frame with objects when the options say automatic; 0 until then).</summary>
    public double MaxDistance { get; private set; }

    /// <summary>The id the next new track gets.</summary>
    public int NextTrackId { get; private set; }

    /// <summary>The last frame advanced to, or null.</summary>
    public int? LastT { get; private set; }

    /// <summary>Tracks held in memory (the window).</summary>
    public int OpenTracks => _open.Count;

    /// <summary>Links frame <paramref name="t"/> (its objects in a fixed order, e.g. by label) to the tracks.</summary>
    /// <exception cref="ArgumentException"><paramref name="t"/> is not after the last frame.</exception>
    public FrameTracking Advance(int t, IReadOnlyList<TrackedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (LastT is { } last && t <= last) throw new ArgumentException($"frame {t} is not after frame {last}", nameof(t));
        if (MaxDistance <= 0 && objects.Count > 0) MaxDistance = ResolveMaxDistance(objects);

        int n = objects.Count;
        var source = new int[n];          // kind of link per current object
        var from = new Track?[n];         // the track it continues or descends from
        Array.Fill(source, Birth);
        int dt = LastT is { } lt ? t - lt : int.MaxValue;
        bool linkable = _previous.Count > 0 && n > 0 && dt - 1 <= _o.MaxGap;
        var grid = new CentroidGrid(objects, Math.Max(MaxDistance, 1));

        // 1. previous frame → this frame, through overlap.
        var matchOfPrevious = new int[_previous.Count];
        Array.Fill(matchOfPrevious, -1);
        var previousDone = new bool[_previous.Count];
        var distanceEdges = new List<AssignmentEdge>();
        if (linkable)
        {
            double reach = MaxDistance * Math.Sqrt(dt);
            var overlapEdges = new List<AssignmentEdge>();
            for (int p = 0; p < _previous.Count; p++)
            {
                var a = _previous[p].Object;
                foreach (int c in grid.Near(a.X, a.Y, reach))
                {
                    var b = objects[c];
                    long inter = a.Intersection(b);
                    double areaChange = AreaChangeWeight * Math.Abs(Math.Log((double)b.Area / a.Area));
                    if (inter > 0) overlapEdges.Add(new AssignmentEdge(p, c, 1 - (double)inter / (a.Area + b.Area - inter) + areaChange));
                    else distanceEdges.Add(new AssignmentEdge(p, c, 1 + Distance(a, b) / reach + areaChange));
                }
            }
            Link(LinearAssignment.Solve(_previous.Count, n, overlapEdges, UnlinkedCost));
        }

        void Link(int[] match)
        {
            for (int p = 0; p < match.Length; p++)
            {
                int c = match[p];
                if (c < 0) continue;
                matchOfPrevious[p] = c;
                previousDone[p] = true;
                source[c] = dt == 1 ? Continue : AfterGap;
                from[c] = _previous[p].Track;
            }
        }

        // 2. clear divisions (daughters mostly inside the mother), then gap closing to tracks that ended before the
        //    previous frame: a cell missed for a frame or two and reappearing beside another is not a clear division.
        int divisions = 0;
        var divided = new bool[_previous.Count];
        if (linkable) divisions = FindDivisions(objects, grid, matchOfPrevious, previousDone, source, from, divided, ClearDivisionCost);
        if (_o.MaxGap > 0 && n > 0)
        {
            var candidates = _open.Values.Where(tr => tr.Children == 0 && tr.TEnd < (LastT ?? int.MinValue) && t - tr.TEnd - 1 <= _o.MaxGap).ToList();
            if (candidates.Count > 0)
            {
                var edges = new List<AssignmentEdge>();
                for (int g = 0; g < candidates.Count; g++)
                {
                    var tr = candidates[g];
                    double reach = MaxDistance * Math.Sqrt(t - tr.TEnd);
                    foreach (int c in grid.Near(tr.EndX, tr.EndY, reach))
                    {
                        if (source[c] != Birth) continue;
                        double d = Math.Sqrt((objects[c].X - tr.EndX) * (objects[c].X - tr.EndX) + (objects[c].Y - tr.EndY) * (objects[c].Y - tr.EndY));
                        edges.Add(new AssignmentEdge(g, c, 1 + d / reach));
                    }
                }
                var match = LinearAssignment.Solve(candidates.Count, n, edges, UnlinkedCost);
                for (int g = 0; g < match.Length; g++)
                {
                    if (match[g] < 0) continue;
                    source[match[g]] = AfterGap;
                    from[match[g]] = candidates[g];
                }
            }
        }

        // 3. the other divisions, among the objects still unlinked (before distance links: a daughter next to its
        //    mother is likelier than a far cell without overlap).
        if (linkable) divisions += FindDivisions(objects, grid, matchOfPrevious, previousDone, source, from, divided, double.PositiveInfinity);

        // 4. previous frame → this frame, by distance alone, among what is left.
        if (distanceEdges.Count > 0)
        {
            var rest = distanceEdges.Where(e => !previousDone[e.Row] && source[e.Column] == Birth).ToList();
            if (rest.Count > 0) Link(LinearAssignment.Solve(_previous.Count, n, rest, UnlinkedCost));
        }

        // 5. apply (whatever is still unlinked is born), in object order so ids are deterministic.
        var changed = new Dictionary<int, Track>();
        var ids = new int[n];
        var current = new List<(TrackedObject, Track)>(n);
        for (int c = 0; c < n; c++)
        {
            var o = objects[c];
            Track track;
            var parent = from[c];
            if (source[c] == Continue)
            {
                track = parent!;
                track.PathLength += Math.Sqrt((o.X - track.EndX) * (o.X - track.EndX) + (o.Y - track.EndY) * (o.Y - track.EndY));
                track.TEnd = t;
                track.EndX = o.X;
                track.EndY = o.Y;
                track.Observations++;
            }
            else
            {
                if (parent is not null) parent.Children++;
                track = new Track
                {
                    Id = NextTrackId++,
                    Parent = parent?.Id,
                    TStart = t,
                    TEnd = t,
                    CycleStart = source[c] == AfterGap ? parent!.CycleStart : t,
                    Observations = 1,
                    StartX = o.X,
                    StartY = o.Y,
                    EndX = o.X,
                    EndY = o.Y,
                };
                _open[track.Id] = track;
                if (parent is not null) changed[parent.Id] = parent;
            }
            changed[track.Id] = track;
            ids[c] = track.Id;
            current.Add((o, track));
        }

        _previous = current;
        LastT = t;
        foreach (var id in _open.Where(kv => kv.Value.Children > 0 || kv.Value.TEnd < t - _o.MaxGap).Select(kv => kv.Key).ToList())
            _open.Remove(id);
        return new FrameTracking(t, ids, changed.Values.OrderBy(x => x.Id).Select(x => x.Clone()).ToList(), divisions);
    }

    private const int Birth = 0, Continue = 1, AfterGap = 2, Daughter = 3;

    private int FindDivisions(IReadOnlyList<TrackedObject> objects, CentroidGrid grid, int[] matchOfPrevious, bool[] previousDone, int[] source, Track?[] from, bool[] divided, double maxCost)
    {
        var proposals = new List<(double Cost, int Mother, int A, int B)>();
        for (int p = 0; p < _previous.Count; p++)
        {
            var (m, track) = _previous[p];
            if (divided[p]) continue;
            if (LastT!.Value - track.CycleStart + 1 < _o.MinDivisionAge) continue;
            double reach = _o.DivisionDistance * m.EquivalentDiameter;
            var near = grid.Near(m.X, m.Y, reach).Where(c => Distance(m, objects[c]) <= reach).ToList();
            int s = matchOfPrevious[p];
            foreach (int a in near)
            {
                if (source[a] != Birth) continue;
                if (s >= 0)
                {
                    if (Fits(m, objects[s], objects[a], reach, out double cost) && cost < maxCost) proposals.Add((cost, p, Math.Min(s, a), Math.Max(s, a)));
                }
                else
                {
                    foreach (int b in near)
                        if (b > a && source[b] == Birth && Fits(m, objects[a], objects[b], reach, out double cost) && cost < maxCost)
                            proposals.Add((cost, p, a, b));
                }
            }
        }
        if (proposals.Count == 0) return 0;
        proposals.Sort((x, y) => x.Cost != y.Cost ? x.Cost.CompareTo(y.Cost) : x.Mother != y.Mother ? x.Mother.CompareTo(y.Mother) : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        int divisions = 0;
        foreach (var (_, p, a, b) in proposals)
        {
            if (divided[p]) continue;
            int s = matchOfPrevious[p];
            bool aFree = source[a] == Birth || a == s, bFree = source[b] == Birth || b == s;
            if (!aFree || !bFree) continue;
            divided[p] = true;
            previousDone[p] = true;
            var mother = _previous[p].Track;
            source[a] = source[b] = Daughter;
            from[a] = from[b] = mother;
            divisions++;
        }
        return divisions;
    }

    private bool Fits(TrackedObject mother, TrackedObject a, TrackedObject b, double reach, out double cost)
    {
        cost = 0;
        double ratio = (double)(a.Area + b.Area) / mother.Area;
        if (ratio < _o.DivisionAreaMin || ratio > _o.DivisionAreaMax) return false;
        if ((double)Math.Min(a.Area, b.Area) / Math.Max(a.Area, b.Area) < _o.DaughterSimilarity) return false;
        double da = Distance(mother, a), db = Distance(mother, b);
        if (da > reach || db > reach) return false;
        // Daughters lie mostly where the mother was: the share of each daughter inside the mother's footprint weighs
        // most, then the change of total size, then the distances.
        double inside = (double)mother.Intersection(a) / a.Area + (double)mother.Intersection(b) / b.Area;
        cost = (2 - inside) + AreaChangeWeight * Math.Abs(Math.Log(ratio)) + 0.5 * (da + db) / (2 * reach);
        return true;
    }

    private static double Distance(TrackedObject a, TrackedObject b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    private static double ResolveMaxDistance(IReadOnlyList<TrackedObject> objects)
    {
        var d = objects.Select(o => o.EquivalentDiameter).OrderBy(x => x).ToList();
        return Math.Max(1.5 * d[d.Count / 2], 2.0);
    }

    /// <summary>Objects binned by centroid for neighbour queries.</summary>
    private sealed class CentroidGrid
    {
        private readonly Dictionary<(int, int), List<int>> _cells = new();
        private readonly IReadOnlyList<TrackedObject> _objects;
        private readonly double _size;

        public CentroidGrid(IReadOnlyList<TrackedObject> objects, double size)
        {
            _objects = objects;
            _size = size;
            for (int i = 0; i < objects.Count; i++)
            {
                var key = ((int)Math.Floor(objects[i].X / size), (int)Math.Floor(objects[i].Y / size));
                if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = new List<int>();
                list.Add(i);
            }
        }

        /// <summary>Indices of objects whose centroid lies within <paramref name="radius"/> of (x, y), ascending.</summary>
        public List<int> Near(double x, double y, double radius)
        {
            var found = new List<int>();
            int r = (int)Math.Ceiling(radius / _size);
            int cx = (int)Math.Floor(x / _size), cy = (int)Math.Floor(y / _size);
            double r2 = radius * radius;
            for (int gx = cx - r; gx <= cx + r; gx++)
                for (int gy = cy - r; gy <= cy + r; gy++)
                    if (_cells.TryGetValue((gx, gy), out var list))
                        foreach (int i in list)
                        {
                            var o = _objects[i];
                            if ((o.X - x) * (o.X - x) + (o.Y - y) * (o.Y - y) <= r2) found.Add(i);
                        }
            found.Sort();
            return found;
        }
    }
}
