using System.Globalization;
using System.Text;

namespace CellActors.Imaging.Evaluation;

/// <summary>
/// Reading, writing and validating CTC track files. A track file has one line <c>L B E P</c> per track (four
/// non-negative integers separated by spaces or tabs). The official evaluation software (TRAMeasure, the CTC Fiji
/// plugins' consistency check, and the py-ctcmetrics validator) requires these rules between a track file and its
/// label masks, which <see cref="Validate"/> checks:
/// <list type="bullet">
/// <item>labels are unique and &gt; 0; 0 ≤ B ≤ E; P ≥ 0 and not the track itself;</item>
/// <item>B and E fall inside the image sequence;</item>
/// <item>the label is present in the mask of every frame B..E;</item>
/// <item>every label present in a mask is declared, and only in frames between its B and E;</item>
/// <item>a parent is a declared track that ends strictly before its daughter begins.</item>
/// </list>
/// </summary>
public static class CtcTrackFile
{
    /// <summary>
    /// Reads a track file. Blank lines are ignored.
    /// </summary>
    /// <exception cref="FileNotFoundException">no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">a line does not hold four integers, holds a label ≤ 0, a negative B or P,
    /// E &lt; B, or a label already declared; the message names the file and the line.</exception>
    public static IReadOnlyList<CtcTrack> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no track file at {path}", path);
        var tracks = new List<CtcTrack>();
        var firstLine = new Dictionary<int, int>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4)
                throw new InvalidDataException($"{path} line {lineNo}: expected 4 integers 'L B E P', found {parts.Length} field(s): '{Shorten(line)}'");
            var v = new int[4];
            for (int i = 0; i < 4; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[i]))
                    throw new InvalidDataException($"{path} line {lineNo}: {FieldName(i)} '{Shorten(parts[i])}' is not an integer");
            }
            var t = new CtcTrack(v[0], v[1], v[2], v[3]);
            if (t.Label <= 0) throw new InvalidDataException($"{path} line {lineNo}: label {t.Label} must be > 0");
            if (t.Begin < 0) throw new InvalidDataException($"{path} line {lineNo}: track {t.Label} begins at {t.Begin} < 0");
            if (t.End < t.Begin) throw new InvalidDataException($"{path} line {lineNo}: track {t.Label} ends ({t.End}) before it begins ({t.Begin})");
            if (t.Parent < 0) throw new InvalidDataException($"{path} line {lineNo}: track {t.Label} has a negative parent {t.Parent}");
            if (firstLine.TryGetValue(t.Label, out int first))
                throw new InvalidDataException($"{path} line {lineNo}: track {t.Label} is declared twice (first on line {first})");
            firstLine[t.Label] = lineNo;
            tracks.Add(t);
        }
        return tracks;
    }

    /// <summary>Writes tracks as <c>L B E P</c> lines (in the order given, '\n' line ends, no header).</summary>
    /// <exception cref="ArgumentException">a track has a label ≤ 0 or negative B, E or P.</exception>
    public static void Write(string path, IEnumerable<CtcTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tracks);
        var sb = new StringBuilder();
        foreach (var t in tracks)
        {
            if (t.Label <= 0 || t.Begin < 0 || t.End < 0 || t.Parent < 0)
                throw new ArgumentException($"track {t} cannot be written to {path}: label must be > 0 and B, E, P >= 0", nameof(tracks));
            sb.Append(CultureInfo.InvariantCulture, $"{t.Label} {t.Begin} {t.End} {t.Parent}\n");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>
    /// Checks tracks against the labels found in the masks (the official consistency rules, listed on
    /// <see cref="CtcTrackFile"/>). <paramref name="labelsByFrame"/> maps every time point of the sequence to the
    /// labels present in its mask (an empty set for a frame without objects). Returns one message per problem
    /// (empty when the tracks are consistent), in a stable order: per-track problems by label, then per-frame
    /// problems by time point. <paramref name="what"/> names the track file in the messages.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<CtcTrack> tracks, IReadOnlyDictionary<int, IReadOnlySet<int>> labelsByFrame, string what = "track file")
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(labelsByFrame);
        var problems = new List<string>();
        var byLabel = new Dictionary<int, CtcTrack>();
        foreach (var t in tracks)
        {
            if (!byLabel.TryAdd(t.Label, t)) problems.Add($"{what}: track {t.Label} is declared more than once");
        }
        int firstT = labelsByFrame.Count == 0 ? 0 : labelsByFrame.Keys.Min();
        int lastT = labelsByFrame.Count == 0 ? -1 : labelsByFrame.Keys.Max();
        foreach (var t in byLabel.Values.OrderBy(t => t.Label))
        {
            string id = $"{what}: track {t.Label}";
            if (t.Label <= 0) problems.Add($"{id}: label must be > 0");
            if (t.Parent < 0) problems.Add($"{id}: parent {t.Parent} is negative");
            if (t.End < t.Begin)
            {
                problems.Add($"{id}: ends ({t.End}) before it begins ({t.Begin})");
                continue;
            }
            if (t.Begin < firstT || t.End > lastT)
            {
                problems.Add($"{id} ({t.Begin}..{t.End}) begins or ends outside the image sequence ({firstT}..{lastT})");
            }
            else
            {
                var missing = new List<int>();
                for (int f = t.Begin; f <= t.End; f++)
                {
                    if (!labelsByFrame.TryGetValue(f, out var present))
                        problems.Add($"{id}: there is no mask for time point {f} inside its span {t.Begin}..{t.End}");
                    else if (!present.Contains(t.Label))
                        missing.Add(f);
                }
                if (missing.Count > 0)
                    problems.Add($"{id} ({t.Begin}..{t.End}) is absent from the mask at time point(s) {Ranges(missing)}");
            }
            if (t.Parent > 0)
            {
                if (t.Parent == t.Label) problems.Add($"{id} is its own parent");
                else if (!byLabel.TryGetValue(t.Parent, out var p)) problems.Add($"{id} refers to parent {t.Parent}, which is not declared");
                else if (p.End >= t.Begin) problems.Add($"{id} begins at {t.Begin} but its parent {p.Label} ends at {p.End} (a parent must end before its daughter begins)");
            }
        }
        foreach (var (f, labels) in labelsByFrame.OrderBy(kv => kv.Key))
        {
            foreach (int l in labels.Where(l => l != 0).Order())
            {
                if (!byLabel.TryGetValue(l, out var t)) problems.Add($"{what}: label {l} found in the mask at time point {f} is not declared");
                else if (f < t.Begin || f > t.End) problems.Add($"{what}: label {l} found in the mask at time point {f} is declared only for {t.Begin}..{t.End}");
            }
        }
        return problems;
    }

    private static string Ranges(List<int> ts)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < ts.Count)
        {
            int j = i;
            while (j + 1 < ts.Count && ts[j + 1] == ts[j] + 1) j++;
            parts.Add(i == j ? ts[i].ToString(CultureInfo.InvariantCulture) : $"{ts[i]}..{ts[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static string FieldName(int i) => i switch { 0 => "label L", 1 => "begin B", 2 => "end E", _ => "parent P" };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
