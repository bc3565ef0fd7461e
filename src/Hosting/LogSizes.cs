using System.Globalization;

namespace CellActors.Hosting;

/// <summary>Sizes as people write them: <c>10MB</c>, <c>512KB</c>, <c>1GB</c> (1024-based) or a number of bytes.</summary>
public static class LogSizes
{
    /// <summary>Parses <paramref name="value"/>; throws <see cref="ArgumentException"/> naming <paramref name="option"/> when it is not a size of at least 1 KiB.</summary>
    public static long Parse(string? value, string option)
    {
        var s = (value ?? "").Trim().ToUpperInvariant();
        var (digits, factor) = s.EndsWith("GB", StringComparison.Ordinal) ? (s[..^2], 1L << 30)
            : s.EndsWith("MB", StringComparison.Ordinal) ? (s[..^2], 1L << 20)
            : s.EndsWith("KB", StringComparison.Ordinal) ? (s[..^2], 1L << 10)
            : s.EndsWith('B') ? (s[..^1], 1L)
            : (s, 1L);
        if (!long.TryParse(digits.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / factor || n * factor < 1024)
            throw new ArgumentException($"{option} takes a size of at least 1KB, e.g. 10MB or 512KB (got '{value}')");
        return n * factor;
    }
}
