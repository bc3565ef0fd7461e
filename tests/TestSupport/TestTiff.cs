using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using OpenCvSharp;

namespace CellActors.TestSupport;

/// <summary>Writes TIFFs of any sample layout with LibTiff.NET, and makes test images with OpenCV.</summary>
public static class TestTiff
{
    /// <summary>One page: raw host-order sample bytes, Height x Width x SamplesPerPixel.</summary>
    public sealed record Page(int Width, int Height, int BitsPerSample, SampleFormat Format, int SamplesPerPixel, byte[] Data, string? Description = null);

    /// <summary>Writes the pages to <paramref name="path"/> (LZW-compressed unless <paramref name="compression"/> says otherwise).</summary>
    public static void Write(string path, IReadOnlyList<Page> pages, Compression compression = Compression.LZW, int rowsPerStrip = 16, bool bigTiff = false, bool bigEndian = false)
    {
        using var tif = Tiff.Open(path, (bigTiff ? "w8" : "w") + (bigEndian ? "b" : "l")) ?? throw new IOException($"cannot create {path}");
        for (int i = 0; i < pages.Count; i++)
        {
            var p = pages[i];
            tif.SetField(TiffTag.IMAGEWIDTH, p.Width);
            tif.SetField(TiffTag.IMAGELENGTH, p.Height);
            tif.SetField(TiffTag.BITSPERSAMPLE, p.BitsPerSample);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, p.SamplesPerPixel);
            tif.SetField(TiffTag.SAMPLEFORMAT, p.Format);
            tif.SetField(TiffTag.PHOTOMETRIC, p.SamplesPerPixel == 3 ? Photometric.RGB : Photometric.MINISBLACK);
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.COMPRESSION, compression);
            tif.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            if (p.SamplesPerPixel > 3 || p.SamplesPerPixel == 2)
                tif.SetField(TiffTag.EXTRASAMPLES, p.SamplesPerPixel - (p.SamplesPerPixel > 3 ? 3 : 1), Enumerable.Repeat((short)0, p.SamplesPerPixel - (p.SamplesPerPixel > 3 ? 3 : 1)).ToArray());
            if (p.Description is not null) tif.SetField(TiffTag.IMAGEDESCRIPTION, p.Description);
            if (pages.Count > 1)
            {
                tif.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tif.SetField(TiffTag.PAGENUMBER, i, pages.Count);
            }
            int rowBytes = p.Width * p.SamplesPerPixel * p.BitsPerSample / 8;
            for (int r = 0; r < p.Height; r++)
            {
                if (!tif.WriteScanline(p.Data.AsSpan(r * rowBytes, rowBytes).ToArray(), r))
                    throw new IOException($"cannot write row {r} of page {i} to {path}");
            }
            tif.WriteDirectory();
        }
    }

    /// <summary>Writes single-channel pages as a tiled TIFF (tile edge a multiple of 16; edge tiles padded).</summary>
    public static void WriteTiled(string path, IReadOnlyList<Mat> pages, int tile = 16, Compression compression = Compression.LZW)
    {
        using var tif = Tiff.Open(path, "w") ?? throw new IOException($"cannot create {path}");
        foreach (var m in pages)
        {
            var p = FromMat(m);
            int bps = p.BitsPerSample / 8;
            tif.SetField(TiffTag.IMAGEWIDTH, p.Width);
            tif.SetField(TiffTag.IMAGELENGTH, p.Height);
            tif.SetField(TiffTag.BITSPERSAMPLE, p.BitsPerSample);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(TiffTag.SAMPLEFORMAT, p.Format);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tif.SetField(TiffTag.COMPRESSION, compression);
            tif.SetField(TiffTag.TILEWIDTH, tile);
            tif.SetField(TiffTag.TILELENGTH, tile);
            var buf = new byte[tile * tile * bps];
            for (int y = 0; y < p.Height; y += tile)
            for (int x = 0; x < p.Width; x += tile)
            {
                Array.Clear(buf);
                for (int r = 0; r < tile && y + r < p.Height; r++)
                    Buffer.BlockCopy(p.Data, ((y + r) * p.Width + x) * bps, buf, r * tile * bps, Math.Min(tile, p.Width - x) * bps);
                tif.WriteTile(buf, x, y, 0, 0);
            }
            tif.WriteDirectory();
        }
    }

    /// <summary>
    /// A hand-made uncompressed little-endian 16-bit TIFF whose directory comes right after the header and before the
    /// pixel data (as ImageJ writes them), so that cutting the file inside the pixel data leaves the directory intact.
    /// </summary>
    public static byte[] UncompressedDirectoryFirst(Mat m16)
    {
        byte[] pixels = Bytes(m16);
        const int entries = 9;
        int ifdSize = 2 + entries * 12 + 4;
        int dataOffset = 8 + ifdSize;
        var b = new byte[dataOffset + pixels.Length];
        var w = new BinaryWriter(new MemoryStream(b));
        w.Write((byte)'I'); w.Write((byte)'I'); w.Write((ushort)42); w.Write(8u);
        w.Write((ushort)entries);
        void Entry(ushort tag, ushort type, uint count, uint value) { w.Write(tag); w.Write(type); w.Write(count); w.Write(value); }
        Entry(256, 4, 1, (uint)m16.Cols);
        Entry(257, 4, 1, (uint)m16.Rows);
        Entry(258, 3, 1, 16);
        Entry(259, 3, 1, 1);
        Entry(262, 3, 1, 1);
        Entry(273, 4, 1, (uint)dataOffset);
        Entry(277, 3, 1, 1);
        Entry(278, 4, 1, (uint)m16.Rows);
        Entry(279, 4, 1, (uint)pixels.Length);
        w.Write(0u);
        w.Flush();
        pixels.CopyTo(b, dataOffset);
        return b;
    }

    /// <summary>Raw bytes of a continuous single-channel Mat.</summary>
    public static byte[] Bytes(Mat m)
    {
        var data = new byte[m.Total() * m.ElemSize()];
        Marshal.Copy(m.Data, data, 0, data.Length);
        return data;
    }

    /// <summary>A page from a single-channel 8U/16U/32F Mat.</summary>
    public static Page FromMat(Mat m, string? description = null)
    {
        (int bits, SampleFormat fmt) = m.Depth() switch
        {
            var d when d == MatType.CV_8U => (8, SampleFormat.UINT),
            var d when d == MatType.CV_16U => (16, SampleFormat.UINT),
            var d when d == MatType.CV_32F => (32, SampleFormat.IEEEFP),
            _ => throw new ArgumentException($"unsupported {m.Type()}"),
        };
        return new Page(m.Cols, m.Rows, bits, fmt, 1, Bytes(m), description);
    }

    /// <summary>A deterministic random image of the given type.</summary>
    public static Mat Random(int rows, int cols, MatType type, int seed, double low = 0, double high = 65535)
    {
        var rng = new System.Random(seed);
        var m = new Mat(rows, cols, type);
        int n = rows * cols;
        if (type == MatType.CV_8UC1)
        {
            var v = new byte[n];
            for (int i = 0; i < n; i++) v[i] = (byte)rng.Next((int)low, (int)Math.Min(high, 255) + 1);
            Marshal.Copy(v, 0, m.Data, n);
        }
        else if (type == MatType.CV_16UC1)
        {
            var v = new short[n];
            for (int i = 0; i < n; i++) v[i] = unchecked((short)(ushort)rng.Next((int)low, (int)Math.Min(high, 65535) + 1));
            Marshal.Copy(v, 0, m.Data, n);
        }
        else if (type == MatType.CV_32FC1)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float)(low + rng.NextDouble() * (high - low));
            Marshal.Copy(v, 0, m.Data, n);
        }
        else throw new ArgumentException($"unsupported {type}");
        return m;
    }

    /// <summary>True when both Mats have the same size and type and identical bytes.</summary>
    public static bool SameBytes(Mat a, Mat b) =>
        a.Rows == b.Rows && a.Cols == b.Cols && a.Type() == b.Type() && Bytes(a).AsSpan().SequenceEqual(Bytes(b));
}
