using System.Globalization;
using CellActors.Imaging.Evaluation;
using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Seeded synthetic nucleus time-lapse with exact ground truth, written in the Cell Tracking Challenge layout.
/// Same options give byte-identical files.
/// </summary>
public static class SyntheticTimeLapse
{
    /// <summary>
    /// Writes <c>outDir/Dataset/Sequence/tNNN.tif</c>, <c>Sequence_GT/SEG/man_segNNN.tif</c>,
    /// <c>Sequence_GT/TRA/man_trackNNN.tif</c> and <c>Sequence_GT/TRA/man_track.txt</c>
    /// (3 digits, or 4 when there are more than 1000 frames). Existing files of the same names are overwritten.
    /// </summary>
    public static SynthSummary Generate(string outDir, SynthOptions o)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        string ds = Path.Combine(outDir, o.Dataset);
        string seq = Path.Combine(ds, o.Sequence);
        string seg = Path.Combine(ds, o.Sequence + "_GT", "SEG");
        string tra = Path.Combine(ds, o.Sequence + "_GT", "TRA");
        Directory.CreateDirectory(seq);
        Directory.CreateDirectory(seg);
        Directory.CreateDirectory(tra);
        string fmt = o.Frames > 1000 ? "D4" : "D3";

        var sim = new SynthSimulation(o);
        using var gt = new Mat(o.Height, o.Width, MatType.CV_16UC1);
        var buf = new ushort[o.Height * o.Width];
        while (sim.HasNext)
        {
            using var f = sim.Next();
            string n = f.T.ToString(fmt, CultureInfo.InvariantCulture);
            Write(Path.Combine(seq, $"t{n}.tif"), f.Image);
            ToMat(f.Segmentation, gt, buf);
            Write(Path.Combine(seg, $"man_seg{n}.tif"), gt);
            ToMat(f.Tracking, gt, buf);
            Write(Path.Combine(tra, $"man_track{n}.tif"), gt);
        }

        CtcTrackFile.Write(Path.Combine(tra, "man_track.txt"), sim.Tracks.Select(tr => new CtcTrack(tr.Label, tr.Begin, tr.End, tr.Parent)));
        return new SynthSummary(ds, seq, o.Frames, sim.Tracks.Count, sim.Divisions);
    }

    /// <summary>All frames in memory, one at a time (dispose each); tracks via a <see cref="SynthSimulation"/>.</summary>
    public static IEnumerable<SynthFrame> Frames(SynthOptions o)
    {
        var sim = new SynthSimulation(o);
        while (sim.HasNext) yield return sim.Next();
    }

    private static void Write(string path, Mat m)
    {
        if (!Cv2.ImWrite(path, m)) throw new IOException($"could not write {path}");
    }

    private static void ToMat(LabelImage l, Mat m, ushort[] buf)
    {
        var src = l.Labels;
        for (int i = 0; i < src.Length; i++) buf[i] = (ushort)src[i];
        m.SetArray(buf);
    }
}
