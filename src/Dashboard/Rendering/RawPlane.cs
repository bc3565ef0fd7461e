using OpenCvSharp;

namespace CellActors.Dashboard.Rendering;

/// <summary>
/// A frame's pixels as the browser's viewer takes them: the samples unchanged (8-bit, 16-bit or 32-bit float), row by
/// row, little-endian, so that contrast, gamma and lookup tables are applied in the page on the real bit depth.
/// </summary>
/// <param name="Type"><c>uint8</c>, <c>uint16</c> or <c>float32</c> (a JavaScript typed array's element type).</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Data">Height × Width samples, row-major, little-endian.</param>
public sealed record RawPlane(string Type, int Height, int Width, byte[] Data)
{
    /// <summary>The samples of a single-channel plane (CV_8UC1, CV_16UC1 or CV_32FC1).</summary>
    /// <exception cref="ArgumentException">Another pixel type.</exception>
    public static RawPlane From(Mat plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var type = plane.Type();
        string name = type == MatType.CV_8UC1 ? "uint8" : type == MatType.CV_16UC1 ? "uint16" : type == MatType.CV_32FC1 ? "float32"
            : throw new ArgumentException($"unsupported pixel type {type} (expected 8-bit, 16-bit or float single channel)", nameof(plane));
        using var m = plane.Clone(); // continuous, whatever the input's layout
        var bytes = new byte[m.Rows * m.Cols * (int)m.ElemSize()];
        System.Runtime.InteropServices.Marshal.Copy(m.Data, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian && m.ElemSize() > 1)
        {
            for (var i = 0; i < bytes.Length; i += (int)m.ElemSize()) Array.Reverse(bytes, i, (int)m.ElemSize());
        }
        return new RawPlane(name, m.Rows, m.Cols, bytes);
    }
}
