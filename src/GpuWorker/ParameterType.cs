using System.Globalization;

namespace CellActors.GpuWorker;

/// <summary>
/// The type and range of one tunable segmenter parameter (<see cref="SegmenterParameter{T}"/>): parses a value given as
/// text (a pipeline file's scalar, a setting's <c>key=value</c>) into its canonical, culture-invariant form.
/// </summary>
public sealed class ParameterType
{
    private readonly Func<string, string?> _canonical;

    private ParameterType(string accepted, Func<string, string?> canonical)
    {
        Accepted = accepted;
        _canonical = canonical;
    }

    /// <summary>What values are accepted, in words (<c>an integer &gt;= 0</c>).</summary>
    public string Accepted { get; }

    /// <summary>The canonical form of <paramref name="text"/>; throws <see cref="ArgumentException"/> naming what is accepted.</summary>
    public string Parse(string text) =>
        _canonical((text ?? "").Trim()) ?? throw new ArgumentException($"'{text}' is not {Accepted}");

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="odd"/>: odd numbers only.</summary>
    public static ParameterType Integer(int min, int max = int.MaxValue, bool odd = false)
    {
        var accepted = (odd ? "an odd integer" : "an integer") + (max == int.MaxValue ? $" >= {min}" : $" from {min} to {max}");
        return new ParameterType(accepted, s =>
            int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && (!odd || v % 2 == 1)
                ? v.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>] (the ends excluded when asked).</summary>
    public static ParameterType Number(double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExcluded = false, bool maxExcluded = false)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (!double.IsNegativeInfinity(min)) parts.Add((minExcluded ? "> " : ">= ") + min.ToString(c));
        if (!double.IsPositiveInfinity(max)) parts.Add((maxExcluded ? "< " : "<= ") + max.ToString(c));
        var accepted = "a number" + (parts.Count > 0 ? " " + string.Join(" and ", parts) : "");
        return new ParameterType(accepted, s =>
            double.TryParse(s, NumberStyles.Float, c, out var v) && double.IsFinite(v)
            && (minExcluded ? v > min : v >= min) && (maxExcluded ? v < max : v <= max)
                ? v.ToString("R", c) : null);
    }

    /// <summary>true or false (also yes/no, on/off).</summary>
    public static ParameterType YesNo { get; } = new("true or false", s => s.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => "true",
        "false" or "no" or "off" => "false",
        _ => null,
    });

    /// <summary>One of <paramref name="names"/> (case-insensitive; '-' taken for '_').</summary>
    public static ParameterType Choice(params string[] names) => new("one of " + string.Join(", ", names), s =>
    {
        var n = s.ToLowerInvariant();
        return names.FirstOrDefault(x => x == n || x == n.Replace('-', '_'));
    });

    /// <summary>Reads a canonical integer.</summary>
    public static int Int(string canonical) => int.Parse(canonical, CultureInfo.InvariantCulture);

    /// <summary>Reads a canonical number.</summary>
    public static double Double(string canonical) => double.Parse(canonical, CultureInfo.InvariantCulture);

    /// <summary>Reads a canonical boolean.</summary>
    public static bool Bool(string canonical) => canonical == "true";

    /// <summary>The canonical text of an integer.</summary>
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The canonical text of a number.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The canonical text of a boolean.</summary>
    public static string Text(bool value) => value ? "true" : "false";
}
