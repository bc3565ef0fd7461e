using System.Globalization;

namespace CellActors.Reading;

/// <summary>Converts lengths and times written in the units microscopes use to micrometres and seconds.</summary>
public static class PhysicalUnits
{
    /// <summary>
    /// <paramref name="value"/> in <paramref name="unit"/> as micrometres: OME's <c>pm</c>, <c>Å</c>, <c>nm</c>,
    /// <c>µm</c>, <c>mm</c>, <c>cm</c>, <c>m</c>, NGFF's <c>micrometer</c>, <c>nanometer</c>..., and ImageJ's <c>micron</c>, <c>um</c>, <c>\u00B5m</c>; null for a
    /// missing or unknown unit (ImageJ's <c>pixel</c>, <c>inch</c> of a scanner's DPI...) and for values that are not
    /// positive and finite: unknown, never guessed.
    /// </summary>
    public static double? ToMicrometres(double? value, string? unit)
    {
        if (value is not { } v || !double.IsFinite(v) || v <= 0) return null;
        double? factor = Normalise(unit) switch
        {
            "pm" or "picometer" or "picometre" => 1e-6,
            "å" or "angstrom" => 1e-4,
            "nm" or "nanometer" or "nanometre" => 1e-3,
            "µm" or "μm" or "um" or "micron" or "microns" or "micrometer" or "micrometre" => 1,
            "mm" or "millimeter" or "millimetre" => 1e3,
            "cm" or "centimeter" or "centimetre" => 1e4,
            "m" or "meter" or "metre" => 1e6,
            _ => null,
        };
        return factor * v;
    }

    /// <summary><paramref name="value"/> in <paramref name="unit"/> as seconds (<c>ns</c>, <c>µs</c>, <c>ms</c>, <c>s</c>/<c>sec</c>, <c>min</c>, <c>h</c>); null when unknown or not positive.</summary>
    public static double? ToSeconds(double? value, string? unit)
    {
        if (value is not { } v || !double.IsFinite(v) || v <= 0) return null;
        double? factor = Normalise(unit) switch
        {
            "ns" or "nanosecond" => 1e-9,
            "µs" or "μs" or "us" or "microsecond" => 1e-6,
            "ms" or "msec" or "millisecond" => 1e-3,
            "s" or "sec" or "second" or "seconds" => 1,
            "min" or "minute" or "minutes" => 60,
            "h" or "hr" or "hour" or "hours" => 3600,
            _ => null,
        };
        return factor * v;
    }

    /// <summary>A number as metadata writes it (invariant culture); null when it is not one.</summary>
    public static double? Number(string? text) =>
        text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Normalise(string? unit) =>
        (unit ?? "").Trim().Replace("\\u00B5", "µ", StringComparison.OrdinalIgnoreCase).Replace("\u00C5", "å", StringComparison.Ordinal).ToLowerInvariant();
}
