using System.Runtime.InteropServices;
using CellActors.Imaging;

namespace CellActors.Reading;

/// <summary>
/// Decompresses blosc chunks (Zarr's default compressor) with the C library <c>libblosc</c> (Debian: <c>libblosc1</c>;
/// scripts/install-prereqs.sh installs it). <c>blosc_decompress_ctx</c> is used: it is thread-safe and needs no global
/// initialisation. A machine without the library gets a clear error naming the package, for blosc arrays only.
/// </summary>
internal static class Blosc
{
    private const string Library = "libblosc.so.1";

    // byte[] arguments are pinned for the call (blittable): no unsafe code needed.
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this project does not allow
    [DllImport(Library, EntryPoint = "blosc_decompress_ctx", ExactSpelling = true)]
    private static extern int DecompressCtx(byte[] src, byte[] dest, nuint destSize, int threads);

    [DllImport(Library, EntryPoint = "blosc_cbuffer_sizes", ExactSpelling = true)]
    private static extern void BufferSizes(byte[] src, out nuint nbytes, out nuint cbytes, out nuint blocksize);
#pragma warning restore SYSLIB1054

    /// <summary>Decompresses <paramref name="src"/> into <paramref name="dest"/>, which must be exactly the uncompressed size.</summary>
    /// <exception cref="BadInputException"><c>corrupt</c> data or a size other than expected; <c>unsupported_type</c> without libblosc.</exception>
    public static void Decompress(byte[] src, byte[] dest, string uri, int page)
    {
        try
        {
            if (src.Length < 16) throw new BadInputException(uri, page, "corrupt", $"blosc chunk of {src.Length} bytes is shorter than its 16-byte header");
            BufferSizes(src, out var nbytes, out var cbytes, out _);
            if ((long)cbytes > src.Length)
                throw new BadInputException(uri, page, "truncated", $"blosc chunk says {cbytes} compressed bytes but holds {src.Length}");
            if ((long)nbytes != dest.Length)
                throw new BadInputException(uri, page, "corrupt", $"blosc chunk decompresses to {nbytes} bytes, expected {dest.Length}");
            int n = DecompressCtx(src, dest, (nuint)dest.Length, 1);
            if (n != dest.Length) throw new BadInputException(uri, page, "corrupt", $"blosc chunk cannot be decompressed (blosc returned {n})");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new BadInputException(uri, page, "unsupported_type", $"the array is blosc-compressed and {Library} cannot be loaded (install Debian's libblosc1): {e.Message}", e);
        }
    }
}
