using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;

// Tracking baselines for the TRA figures in benchmarks/README.md: turns a CTC result folder of untracked masks
// (e.g. from `cellactors export ctc`) into a tracked one (masks relabelled by track + res_track.txt).
//   one-frame : every object is its own one-frame track (detection only: every reference edge is missing);
//   overlap   : an object continues the previous-frame track it overlaps most when no other object claims that
//               track; two or more claimants become daughters of it; no overlap starts a new track.
// Usage: dotnet run -c Release --project benchmarks/TraBaseline -- one-frame|overlap IN_RES OUT_RES
if (args.Length != 3 || args[0] is not ("one-frame" or "overlap"))
{
    Console.Error.WriteLine("usage: TraBaseline one-frame|overlap IN_RES OUT_RES");
    return 2;
}
bool overlap = args[0] == "overlap";
string src = args[1], dst = args[2];
Directory.CreateDirectory(dst);
var files = CtcFolder.MaskFiles(src);
if (files.Count == 0)
{
    Console.Error.WriteLine($"no mask*.tif in {src}");
    return 2;
}
int maxT = files.Max(f => f.T), next = 1;
var tracks = new Dictionary<int, CtcTrack>();
LabelImage? previous = null;
foreach (var f in files)
{
    var m = CtcFolder.ReadLabels(f.Path);
    var map = new Dictionary<int, int>();
    var best = new Dictionary<int, int>();
    if (overlap && previous is not null)
    {
        var ov = LabelOverlap.Compute(m, previous);
        foreach (var (cur, prev, inter) in ov.Pairs)
        {
            if (!best.TryGetValue(cur, out var b) || inter > ov.Intersection(cur, b) || (inter == ov.Intersection(cur, b) && prev < b))
                best[cur] = prev;
        }
    }
    var claims = best.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count());
    foreach (var l in CtcFolder.LabelsIn(m).Order())
    {
        if (best.TryGetValue(l, out var p) && claims[p] == 1)
        {
            map[l] = p;
            tracks[p] = tracks[p] with { End = f.T };
        }
        else
        {
            map[l] = next;
            tracks[next] = new CtcTrack(next, f.T, f.T, best.TryGetValue(l, out var parent) ? parent : 0);
            next++;
        }
    }
    previous = new LabelImage(m.Height, m.Width, m.Labels.Select(v => v == 0 ? 0 : map[v]).ToArray(), next - 1);
    CtcFolder.WriteLabels(Path.Combine(dst, CtcFolder.MaskFileName(f.T, maxT)), previous);
}
CtcTrackFile.Write(CtcFolder.ResultTrackFile(dst), tracks.Values.OrderBy(t => t.Label));
var problems = CtcFolder.ValidateResult(dst);
Console.WriteLine($"{files.Count} masks, {tracks.Count} tracks ({tracks.Values.Count(t => t.Parent > 0)} with a parent) -> {dst}; {problems.Count} validation problems");
foreach (var p in problems.Take(10)) Console.WriteLine(p);
return problems.Count == 0 ? 0 : 1;
