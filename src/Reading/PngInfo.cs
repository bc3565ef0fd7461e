using CellActors.Imaging;

namespace CellActors.Reading;

/// <summary>PNG signature and IHDR checks (no pixel data).</summary>
internal static class PngInfo
{
    private static ReadOnlySpan<byte> Magic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature (or a prefix of it, for very short files).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[..Math.Min(head.Length, 8)].SequenceEqual(Magic[..Math.Min(head.Length, 8)]);

    /// <summary>True when the file's last 12 bytes are an IEND chunk (a complete PNG).</summary>
    public static bool EndsWithIend(Stream s)
    {
        if (s.Length < 12) return false;
        Span<byte> tail = stackalloc byte[12];
        s.Position = s.Length - 12;
        int total = 0;
        while (total < 12)
        {
            int r = s.Read(tail[total..]);
            if (r == 0) return false;
            total += r;
        }
        return tail[4] == 'I' && tail[5] == 'E' && tail[6] == 'N' && tail[7] == 'D';
    }

    /// <summary>Checks the IHDR chunk: shape and type are known before decoding.</summary>
    public static void Check(ReadOnlySpan<byte> head, string uri, long length)
    {
        if (head.Length < 29 || length < 29)
            throw new BadInputException(uri, 0, "truncated", $"file ends inside the PNG header ({length} bytes)");
        if (head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R')
            throw new BadInputException(uri, 0, "corrupt", "PNG does not start with an IHDR chunk");
        int bitDepth = head[24];
        int colourType = head[25];
        if (colourType == 3)
            throw new BadInputException(uri, 0, "unsupported_shape", "palette-colour PNG (expected one grey channel)");
        if (colourType == 4)
            throw new BadInputException(uri, 0, "unsupported_shape", "grey+alpha PNG with 2 channels (expected one grey channel)");
        if (colourType is not (0 or 2 or 6))
            throw new BadInputException(uri, 0, "corrupt", $"PNG colour type {colourType} is invalid");
        if (bitDepth is not (1 or 2 or 4 or 8 or 16))
            throw new BadInputException(uri, 0, "corrupt", $"PNG bit depth {bitDepth} is invalid");
    }
}
