using System.Text;
using CellActors.TestSupport;

namespace CellActors.Inference.Tests;

/// <summary>The shared bioimage.io nucleus U-Net (under <c>shared/</c>, found by <see cref="SharedData"/>; never copied into the repository).</summary>
internal static class Shared
{
    public const string BioImageIoRelative = "weights/bioimageio-unet2d-nuclei-broad/example_descriptions/models/unet2d_nuclei_broad";

    /// <summary>The shared bioimage.io nucleus U-Net folder.</summary>
    public static string BioImageIo => SharedData.RequireShared(BioImageIoRelative);
}

/// <summary>Reads float32 little-endian C-order <c>.npy</c> files (format 1.0–3.0), the test tensors of bioimage.io models.</summary>
internal static class Npy
{
    public static (int[] Shape, float[] Data) ReadFloat32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY") throw new InvalidDataException($"{path}: not a .npy file");
        var major = bytes[6];
        int headerLen, offset;
        if (major == 1)
        {
            headerLen = BitConverter.ToUInt16(bytes, 8);
            offset = 10;
        }
        else
        {
            headerLen = (int)BitConverter.ToUInt32(bytes, 8);
            offset = 12;
        }
        var header = Encoding.Latin1.GetString(bytes, offset, headerLen);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal)) throw new InvalidDataException($"{path}: only little-endian float32 is supported ({header.Trim()})");
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal)) throw new InvalidDataException($"{path}: Fortran order is not supported");
        var s = header.IndexOf("'shape': (", StringComparison.Ordinal) + 10;
        var e = header.IndexOf(')', s);
        var shape = header[s..e].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var n = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[n];
        Buffer.BlockCopy(bytes, offset + headerLen, data, 0, n * 4);
        return (shape, data);
    }
}
