using System.Globalization;

namespace CellActors.Imaging;

/// <summary>
/// Denoising settings. Only the field that belongs to <see cref="Method"/> is used: <see cref="KernelSize"/>
/// (odd, ≥ 1; for 16-bit and float images at most 5) for Median, <see cref="Sigma"/> (&gt; 0) for Gaussian,
/// <see cref="BackgroundRadius"/> (≥ 1, pixels; should exceed the radius of the largest cell) for BackgroundSubtract.
/// </summary>
public sealed record DenoiseOptions(
    DenoiseMethod Method = DenoiseMethod.Median,
    int KernelSize = 3,
    double Sigma = 1.0,
    int BackgroundRadius = 25)
{
    /// <summary>The default: a 3x3 median.</summary>
    public static DenoiseOptions Default { get; } = new();

    /// <summary>No filtering.</summary>
    public static DenoiseOptions None { get; } = new(DenoiseMethod.None);

    /// <summary>
    /// Parses the command-line form <c>method[:value]</c>, case-insensitive: <c>none</c>, <c>median</c> / <c>median:5</c>
    /// (kernel size), <c>gaussian</c> / <c>gaussian:1.5</c> (sigma), <c>background</c> / <c>background:25</c> (radius;
    /// also <c>bg</c>, <c>tophat</c>). A missing value takes the default.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not one of the accepted forms or the value is out of range.</exception>
    public static DenoiseOptions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Accepted = "expected 'none', 'median[:odd kernel size]', 'gaussian[:sigma]' or 'background[:radius]', e.g. 'median:3', 'gaussian:1.5', 'background:25'";
        string s = text.Trim();
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? s : s[..colon]).Trim().ToLowerInvariant();
        string? value = colon < 0 ? null : s[(colon + 1)..].Trim();
        if (value is { Length: 0 }) throw new ArgumentException($"denoise option '{text}' has an empty value; {Accepted}", nameof(text));

        DenoiseOptions result;
        switch (name)
        {
            case "none" or "off":
                if (value is not null) throw new ArgumentException($"denoise option '{text}': 'none' takes no value; {Accepted}", nameof(text));
                result = None;
                break;
            case "median":
                result = new DenoiseOptions(DenoiseMethod.Median, KernelSize: value is null ? Default.KernelSize : ParseInt(value, text, Accepted));
                break;
            case "gaussian" or "gauss":
                double sigma = Default.Sigma;
                if (value is not null && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out sigma))
                    throw new ArgumentException($"denoise option '{text}': '{value}' is not a number; {Accepted}", nameof(text));
                result = new DenoiseOptions(DenoiseMethod.Gaussian, Sigma: sigma);
                break;
            case "background" or "bg" or "tophat" or "backgroundsubtract":
                result = new DenoiseOptions(DenoiseMethod.BackgroundSubtract, BackgroundRadius: value is null ? Default.BackgroundRadius : ParseInt(value, text, Accepted));
                break;
            default:
                throw new ArgumentException($"unknown denoise option '{text}'; {Accepted}", nameof(text));
        }
        string? problem = result.Validate();
        if (problem is not null) throw new ArgumentException($"denoise option '{text}': {problem}; {Accepted}", nameof(text));
        return result;
    }

    /// <summary>Returns what is wrong with these settings for <see cref="Method"/>, or null when they are valid.</summary>
    public string? Validate() => Method switch
    {
        DenoiseMethod.None => null,
        DenoiseMethod.Median when KernelSize < 1 || KernelSize % 2 == 0 => $"median kernel size must be an odd number >= 1 (got {KernelSize})",
        DenoiseMethod.Median when KernelSize > 255 => $"median kernel size must be <= 255 (got {KernelSize})",
        DenoiseMethod.Gaussian when !(Sigma > 0) || double.IsInfinity(Sigma) || Sigma > 1000 => $"gaussian sigma must be > 0 and <= 1000 (got {Sigma.ToString(CultureInfo.InvariantCulture)})",
        DenoiseMethod.BackgroundSubtract when BackgroundRadius < 1 || BackgroundRadius > 10_000 => $"background radius must be between 1 and 10000 pixels (got {BackgroundRadius})",
        DenoiseMethod.None or DenoiseMethod.Median or DenoiseMethod.Gaussian or DenoiseMethod.BackgroundSubtract => null,
        _ => $"unknown denoise method {Method}",
    };

    /// <inheritdoc />
    public override string ToString() => Method switch
    {
        DenoiseMethod.None => "none",
        DenoiseMethod.Median => $"median:{KernelSize}",
        DenoiseMethod.Gaussian => $"gaussian:{Sigma.ToString(CultureInfo.InvariantCulture)}",
        DenoiseMethod.BackgroundSubtract => $"background:{BackgroundRadius}",
        _ => Method.ToString(),
    };

    private static int ParseInt(string value, string text, string accepted) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new ArgumentException($"denoise option '{text}': '{value}' is not an integer; {accepted}", nameof(text));
}
