using System.Globalization;
using System.Text.RegularExpressions;
using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using OpenCvSharp;

namespace CellActors.Reading.Evaluation;

/// <summary>
/// Cell Tracking Challenge folders: reading label images from <c>NN_GT/SEG/man_segTTT.tif</c> (and the partial 3D
/// slices <c>man_seg_TTT_ZZZ.tif</c>), <c>NN_GT/TRA/man_trackTTT.tif</c> and <c>NN_RES/maskTTT.tif</c>, writing
/// uint16 <c>maskTTT.tif</c> files, and scoring a result folder against a ground-truth folder with
/// <see cref="CtcSeg"/> and <see cref="CtcDet"/>. Names have three digits, four when a sequence has more than
/// 1000 frames; time points are matched by value, so either width is read.
/// A multi-page TIFF is a 3D volume: its pages are stacked into one <see cref="LabelImage"/> of height pages × rows,
/// which gives the same overlaps as the volume.
/// </summary>
public static partial class CtcFolder
{
    [GeneratedRegex(@"^man_seg_?(\d+)(?:_(\d+))?\.tiff?$", RegexOptions.IgnoreCase)]
    private static partial Regex SegName();

    [GeneratedRegex(@"^man_track(\d+)\.tiff?$", RegexOptions.IgnoreCase)]
    private static partial Regex TraName();

    [GeneratedRegex(@"^mask(\d+)\.tiff?$", RegexOptions.IgnoreCase)]
    private static partial Regex MaskName();

    /// <summary>The file name of a result mask: <c>maskTTT.tif</c>, or <c>maskTTTT.tif</c> when the sequence has more than 1000 frames (its last t is above 999).</summary>
    public static string MaskFileName(int t, int maxT) =>
        "mask" + t.ToString(maxT > 999 ? "D4" : "D3", CultureInfo.InvariantCulture) + ".tif";

    /// <summary>The reference segmentation files of a <c>NN_GT</c> folder (its <c>SEG</c> subfolder), by time then slice.</summary>
    public static IReadOnlyList<CtcFile> SegFiles(string gtDir) => List(Path.Combine(gtDir, "SEG"), SegName(), hasSlice: true);

    /// <summary>The reference marker files of a <c>NN_GT</c> folder (its <c>TRA</c> subfolder), by time.</summary>
    public static IReadOnlyList<CtcFile> TraFiles(string gtDir) => List(Path.Combine(gtDir, "TRA"), TraName(), hasSlice: false);

    /// <summary>The result masks of a <c>NN_RES</c> folder, by time.</summary>
    public static IReadOnlyList<CtcFile> MaskFiles(string resDir) => List(resDir, MaskName(), hasSlice: false);

    private static List<CtcFile> List(string dir, Regex pattern, bool hasSlice)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"folder not found: {dir}");
        var files = new List<CtcFile>();
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var m = pattern.Match(System.IO.Path.GetFileName(path));
            if (!m.Success) continue;
            int t = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int z = hasSlice && m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : -1;
            files.Add(new CtcFile(t, z, path));
        }
        files.Sort((a, b) => a.T != b.T ? a.T.CompareTo(b.T) : a.Slice.CompareTo(b.Slice));
        return files;
    }

    /// <summary>Reads a label image (2D, or a multi-page 3D volume stacked page after page).</summary>
    /// <exception cref="BadInputException">the file is missing, broken or not a single-channel image.</exception>
    /// <exception cref="InvalidDataException">it holds non-integral or negative values.</exception>
    public static LabelImage ReadLabels(string path)
    {
        int pages = CountPages(path);
        if (pages <= 1) return ReadPage(path, 0);
        var planes = new List<LabelImage>(pages);
        for (int p = 0; p < pages; p++) planes.Add(ReadPage(path, p));
        int h = planes[0].Height, w = planes[0].Width;
        if (planes.Any(q => q.Height != h || q.Width != w))
            throw new InvalidDataException($"{path}: pages of different sizes");
        var labels = new int[checked(pages * h * w)];
        for (int p = 0; p < pages; p++) Array.Copy(planes[p].Labels, 0, labels, (long)p * h * w, h * w);
        return new LabelImage(pages * h, w, labels, planes.Max(q => q.Count));
    }

    /// <summary>Reads one page (z-slice) of a label TIFF.</summary>
    public static LabelImage ReadPage(string path, int page)
    {
        using var m = FrameReader.ReadPlane(path, page);
        return ToLabels(m, path);
    }

    /// <summary>Converts a single-channel integer (or integral float) image to labels.</summary>
    /// <exception cref="InvalidDataException">non-integral or negative values.</exception>
    public static LabelImage ToLabels(Mat m, string what)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var i32 = new Mat();
        if (m.Depth() == MatType.CV_32F || m.Depth() == MatType.CV_64F)
        {
            using var back = new Mat();
            m.ConvertTo(i32, MatType.CV_32S);
            i32.ConvertTo(back, m.Type());
            using var diff = new Mat();
            Cv2.Absdiff(m, back, diff);
            Cv2.MinMaxLoc(diff, out _, out double maxDiff);
            if (maxDiff > 0) throw new InvalidDataException($"{what}: label image holds non-integral values");
        }
        else
        {
            m.ConvertTo(i32, MatType.CV_32S);
        }
        var labels = new int[m.Rows * m.Cols];
        using (var cont = i32.IsContinuous() ? i32 : i32.Clone())
            System.Runtime.InteropServices.Marshal.Copy(cont.Data, labels, 0, labels.Length);
        int max = 0;
        foreach (var l in labels)
        {
            if (l < 0) throw new InvalidDataException($"{what}: label image holds negative values");
            if (l > max) max = l;
        }
        return new LabelImage(m.Rows, m.Cols, labels, max);
    }

    /// <summary>The number of pages (z-slices) of a label TIFF; 1 for a single-page file or a file that is not a TIFF (reading it reports the problem).</summary>
    public static int CountPages(string path)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using var fs = File.OpenRead(path);
            if (fs.Read(head) < 4 || !(head[0] == head[1] && (head[0] == (byte)'I' || head[0] == (byte)'M'))) return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 1; // FrameReader reports the problem with its own error type
        }
        using var tif = Tiff.Open(path, "r");
        return tif is null ? 1 : tif.NumberOfDirectories();
    }

    /// <summary>Writes a label image as a single-page uint16 TIFF (the CTC result format).</summary>
    /// <exception cref="ArgumentException">a label does not fit in 16 bits.</exception>
    /// <exception cref="IOException">the file cannot be written.</exception>
    public static void WriteLabels(string path, LabelImage labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var buf = new ushort[labels.Labels.Length];
        var src = labels.Labels;
        for (int i = 0; i < src.Length; i++)
        {
            int l = src[i];
            if ((uint)l > ushort.MaxValue) throw new ArgumentException($"label {l} does not fit in a uint16 CTC mask ({path})", nameof(labels));
            buf[i] = (ushort)l;
        }
        using var m = new Mat(labels.Height, labels.Width, MatType.CV_16UC1);
        m.SetArray(buf);
        if (!Cv2.ImWrite(path, m)) throw new IOException($"could not write {path}");
    }

    /// <summary>
    /// SEG of a result folder against <c>gtDir/SEG</c>: every <c>man_segTTT.tif</c> against <c>maskTTT.tif</c>, every
    /// partial slice <c>man_seg_TTT_ZZZ.tif</c> against slice ZZZ of <c>maskTTT.tif</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">a result mask for an annotated time point is missing (the official tool fails too).</exception>
    /// <exception cref="InvalidDataException">shapes differ, or the GT holds no object.</exception>
    public static SegScore EvaluateSeg(string gtDir, string resDir)
    {
        var gt = SegFiles(gtDir);
        if (gt.Count == 0) throw new InvalidDataException($"no man_seg*.tif in {Path.Combine(gtDir, "SEG")}");
        var masks = MaskFiles(resDir).ToDictionary(f => f.T, f => f.Path);
        var frames = new List<SegFrameScore>(gt.Count);
        foreach (var g in gt)
        {
            var res = ResultFor(masks, g.T, resDir);
            var reference = ReadLabels(g.Path);
            var result = g.Slice >= 0 ? ReadPage(res, g.Slice) : ReadLabels(res);
            frames.Add(Scored(g.Path, res, () => CtcSeg.ScoreFrame(reference, result, Path.GetFileName(g.Path))));
        }
        try { return CtcSeg.Combine(frames); }
        catch (ArgumentException ex) { throw new InvalidDataException($"{gtDir}: {ex.Message}", ex); }
    }

    /// <summary>DET of a result folder against the markers of <c>gtDir/TRA</c> (every <c>man_trackTTT.tif</c> against <c>maskTTT.tif</c>).</summary>
    /// <exception cref="FileNotFoundException">a result mask is missing for a time point of the reference (the official tool fails too).</exception>
    /// <exception cref="InvalidDataException">shapes differ, or the GT holds no marker.</exception>
    public static DetScore EvaluateDet(string gtDir, string resDir)
    {
        var gt = TraFiles(gtDir);
        if (gt.Count == 0) throw new InvalidDataException($"no man_track*.tif in {Path.Combine(gtDir, "TRA")}");
        var masks = MaskFiles(resDir).ToDictionary(f => f.T, f => f.Path);
        var frames = new List<DetFrameCounts>(gt.Count);
        foreach (var g in gt)
        {
            var res = ResultFor(masks, g.T, resDir);
            var markers = ReadLabels(g.Path);
            var result = ReadLabels(res);
            frames.Add(Scored(g.Path, res, () => CtcDet.ScoreFrame(markers, result, Path.GetFileName(g.Path))));
        }
        try { return CtcDet.Combine(frames); }
        catch (ArgumentException ex) { throw new InvalidDataException($"{gtDir}: {ex.Message}", ex); }
    }

    /// <summary>The reference track file of a <c>NN_GT</c> folder: <c>TRA/man_track.txt</c>.</summary>
    public static string ReferenceTrackFile(string gtDir) => Path.Combine(gtDir, "TRA", "man_track.txt");

    /// <summary>The track file of a result folder: <c>res_track.txt</c>.</summary>
    public static string ResultTrackFile(string resDir) => Path.Combine(resDir, "res_track.txt");

    /// <summary>
    /// TRA of a result folder (<c>maskTTT.tif</c> and <c>res_track.txt</c>) against <c>gtDir/TRA</c>
    /// (<c>man_trackTTT.tif</c> and <c>man_track.txt</c>), as <see cref="CtcTra"/> defines it. Both track files must be
    /// consistent with their masks (<see cref="CtcTrackFile.Validate"/>), as the official tool requires.
    /// </summary>
    /// <exception cref="FileNotFoundException">a track file, or a result mask for a time point of the reference, is missing.</exception>
    /// <exception cref="InvalidDataException">a track file is malformed or inconsistent with its masks (the problems are
    /// listed), shapes differ, or the reference holds no marker image or no track.</exception>
    public static TraScore EvaluateTra(string gtDir, string resDir) => EvaluateTracking(gtDir, resDir).Tra;

    /// <summary>
    /// TRA and division detection (exact, and within ±<paramref name="tolerance"/> frames; see <see cref="CtcDivisions"/>)
    /// of a tracked result folder from one reading of its masks and markers; same inputs and errors as <see cref="EvaluateTra"/>.
    /// </summary>
    public static (TraScore Tra, DivisionScore Divisions, DivisionScore DivisionsTolerant) EvaluateTracking(string gtDir, string resDir, int tolerance = 2)
    {
        var (frames, gtTracks, resTracks) = TrackingInputs(gtDir, resDir);
        TraScore tra;
        try { tra = CtcTra.Score(frames, gtTracks, resTracks); }
        catch (ArgumentException ex) when (ex.ParamName == "result") { throw new InvalidDataException($"{ResultTrackFile(resDir)} vs the masks of {resDir}: {ex.Message}", ex); }
        catch (ArgumentException ex) when (ex.ParamName == "reference") { throw new InvalidDataException($"{ReferenceTrackFile(gtDir)} vs the markers of {Path.Combine(gtDir, "TRA")}: {ex.Message}", ex); }
        catch (ArgumentException ex) { throw new InvalidDataException($"{gtDir}: {ex.Message}", ex); }
        return (tra, CtcDivisions.Score(frames, gtTracks, resTracks), CtcDivisions.Score(frames, gtTracks, resTracks, tolerance));
    }

    private static (List<TraFrame> Frames, IReadOnlyList<CtcTrack> Reference, IReadOnlyList<CtcTrack> Result) TrackingInputs(string gtDir, string resDir)
    {
        var gtTracks = CtcTrackFile.Read(ReferenceTrackFile(gtDir));
        var resTracks = CtcTrackFile.Read(ResultTrackFile(resDir));
        var gt = TraFiles(gtDir);
        if (gt.Count == 0) throw new InvalidDataException($"no man_track*.tif in {Path.Combine(gtDir, "TRA")}");
        var masks = MaskFiles(resDir).ToDictionary(f => f.T, f => f.Path);
        var frames = new List<TraFrame>(gt.Count);
        foreach (var g in gt)
        {
            var res = ResultFor(masks, g.T, resDir);
            var markers = ReadLabels(g.Path);
            var result = ReadLabels(res);
            frames.Add(Scored(g.Path, res, () => CtcTra.MatchFrame(g.T, markers, result)));
        }
        return (frames, gtTracks, resTracks);
    }

    /// <summary>
    /// Checks a result folder the way the official validator does: <c>res_track.txt</c> against the labels of every
    /// <c>maskTTT.tif</c> (see <see cref="CtcTrackFile.Validate"/>). Returns the problems, empty when it is consistent.
    /// </summary>
    /// <exception cref="FileNotFoundException">there is no <c>res_track.txt</c>.</exception>
    /// <exception cref="InvalidDataException">the track file is malformed, or there is no mask.</exception>
    public static IReadOnlyList<string> ValidateResult(string resDir)
    {
        var path = ResultTrackFile(resDir);
        var tracks = CtcTrackFile.Read(path);
        var masks = MaskFiles(resDir);
        if (masks.Count == 0) throw new InvalidDataException($"no mask*.tif in {resDir}");
        var labels = new Dictionary<int, IReadOnlySet<int>>();
        foreach (var m in masks) labels[m.T] = LabelsIn(ReadLabels(m.Path));
        return CtcTrackFile.Validate(tracks, labels, path);
    }

    /// <summary>The labels (other than 0) present in a label image.</summary>
    public static IReadOnlySet<int> LabelsIn(LabelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var set = new HashSet<int>();
        int prev = 0;
        foreach (var l in image.Labels)
        {
            if (l == prev) continue;
            prev = l;
            if (l != 0) set.Add(l);
        }
        return set;
    }

    private static string ResultFor(Dictionary<int, string> masks, int t, string resDir) =>
        masks.TryGetValue(t, out var p)
            ? p
            : throw new FileNotFoundException($"result folder {resDir} has no mask for time point {t} (mask{t:D3}.tif)", Path.Combine(resDir, $"mask{t:D3}.tif"));

    private static T Scored<T>(string gt, string res, Func<T> score)
    {
        try { return score(); }
        catch (ArgumentException ex) { throw new InvalidDataException($"{gt} vs {res}: {ex.Message}", ex); }
    }
}
