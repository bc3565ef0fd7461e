using System.CommandLine;

namespace CellActors.Cli;

/// <summary>
/// How frames are read and segmented, shared by <c>run</c> and <c>submit</c>: <c>--channel</c>, <c>--pixel-size</c>,
/// <c>--time-interval</c>. They are job settings: every worker of a job segments the same channel and every frame gets
/// the same overrides (they are part of the job's fingerprint).
/// </summary>
internal sealed class ReadingCliOptions
{
    public Option<string?> Channel { get; } = new("--channel")
    {
        Description = "Channel to segment: a 0-based index or a channel name from the metadata (default: the first channel; a colour image's luminance)",
    };

    public Option<double?> PixelSize { get; } = new("--pixel-size")
    {
        Description = "Pixel size in micrometres (x and y), replacing what the files' metadata says",
    };

    public Option<double?> TimeInterval { get; } = new("--time-interval")
    {
        Description = "Seconds between time points, replacing what the files' metadata says",
    };

    public IEnumerable<Option> All => [Channel, PixelSize, TimeInterval];

    /// <summary>Adds the options to <paramref name="cmd"/>.</summary>
    public void AddTo(Command cmd)
    {
        foreach (var o in All) cmd.Options.Add(o);
    }

    /// <summary>The problem with the values, or null.</summary>
    public static string? Check(Hosting.LocalRunOptions o)
    {
        if (o.PixelSize is { } p && !(p > 0 && double.IsFinite(p))) return $"--pixel-size must be a positive number of micrometres (got {p})";
        if (o.TimeInterval is { } t && !(t > 0 && double.IsFinite(t))) return $"--time-interval must be a positive number of seconds (got {t})";
        return null;
    }
}
