using CellActors.Imaging;
using OpenCvSharp;

namespace CellActors.Results.Formats;

/// <summary>Writes label images as 16-bit images through OpenCV: one page, or a multi-page TIFF with one page per image in order.</summary>
internal static class LabelPages
{
    /// <summary>Writes <paramref name="pages"/> (labels at most 65,535) to <paramref name="path"/>, whose extension picks the format; throws <see cref="IOException"/> when OpenCV cannot write it.</summary>
    public static void WriteUInt16(string path, IReadOnlyList<LabelImage> pages)
    {
        var mats = new Mat[pages.Count];
        try
        {
            for (int i = 0; i < pages.Count; i++)
            {
                var p = pages[i];
                var buf = new ushort[p.Labels.Length];
                for (int k = 0; k < buf.Length; k++) buf[k] = (ushort)p.Labels[k];
                mats[i] = new Mat(p.Height, p.Width, MatType.CV_16UC1);
                mats[i].SetArray(buf);
            }
            bool ok = mats.Length == 1 ? Cv2.ImWrite(path, mats[0]) : Cv2.ImWrite(path, mats);
            if (!ok) throw new IOException($"could not write {path}");
        }
        finally
        {
            foreach (var m in mats) m?.Dispose();
        }
    }
}
