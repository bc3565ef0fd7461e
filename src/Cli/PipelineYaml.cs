using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CellActors.GpuWorker;
using CellActors.Imaging;
using CellActors.Inference;

namespace CellActors.Cli;

/// <summary>
/// Writes a <see cref="PipelineConfig"/> as a pipeline file: every key with its effective value and, above it, a comment
/// saying what it means and what it accepts. What it writes reads back (<see cref="PipelineFile"/>) to the same
/// configuration, and is written again identically.
/// </summary>
public static partial class PipelineYaml
{
    /// <summary>The commented YAML of <paramref name="config"/>.</summary>
    public static string Write(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var w = new StringBuilder();
        w.Append("# CellActors pipeline file: every parameter of the pipeline with its effective value (cellactors config show).\n");
        w.Append("# Use it with: cellactors run SOURCE --out DIR --config THIS_FILE\n");
        w.Append("# Precedence: flags on the command line > this file > defaults (a preset's values, a model's description).\n");
        w.Append("# Keys left out take their defaults; unknown keys and bad values stop the command with their line.\n");
        w.Append("# The values are part of the job's fingerprint: a job resumed with other values is refused.\n");
        Key(w, 0, PipelineKeys.All[0], PipelineKeys.Format);

        w.Append("\ndenoise:\n");
        var d = config.Denoise;
        var method = d.Method switch { DenoiseMethod.None => "none", DenoiseMethod.Gaussian => "gaussian", DenoiseMethod.BackgroundSubtract => "background", _ => "median" };
        string[] denoise = [method, ParameterType.Text(d.KernelSize), ParameterType.Text(d.Sigma), ParameterType.Text(d.BackgroundRadius)];
        for (var i = 0; i < denoise.Length; i++) Key(w, 1, PipelineKeys.Denoise[i], denoise[i]);

        w.Append("\nsegmentation:\n");
        Key(w, 1, PipelineKeys.Segmenter, config.Segmenter);
        Comment(w, 1, config.IsModel
            ? $"The classical segmenter's parameters (in the spirit of CellProfiler's IdentifyPrimaryObjects). The segmenter is a model: they are not used, and start from preset '{config.Preset}'."
            : $"The classical segmenter's parameters (in the spirit of CellProfiler's IdentifyPrimaryObjects), starting from preset '{config.Preset}'.");
        foreach (var p in ClassicalParameters.All)
            Key(w, 1, PipelineKeys.Find("segmentation." + p.Key)!, p.Get(config.Classical));

        w.Append("\nmodel:\n");
        if (config.Model is { } model)
        {
            Comment(w, 1, $"Model '{model.Name}' ({model.DescriptionPath}), output {ModelParameters.KindName(model.OutputKind)}: the values start from its description.");
            Key(w, 1, PipelineKeys.Tta, config.Tta.Name());
            string? group = null;
            foreach (var p in ModelParameters.All.Where(p => p.AppliesTo(config.DescribedModel!)))
            {
                var dot = p.Key.IndexOf('.', StringComparison.Ordinal);
                var g = p.Key[..dot];
                if (g != group)
                {
                    w.Append("  ").Append(g).Append(":\n");
                    group = g;
                }
                Key(w, 2, PipelineKeys.Find("model." + p.Key)!, p.Get(model), p.Key[(dot + 1)..]);
            }
        }
        else
        {
            Comment(w, 1, "The segmenter is a classical preset: set segmenter to auto, unet or onnx:PATH (or run config show --segmenter ...) for a model's thresholds, object size and tiling.");
            Key(w, 1, PipelineKeys.Tta, config.Tta.Name());
        }

        w.Append("\ntracking:\n");
        var t = config.Tracking;
        string[] tracking = [ParameterType.Text(config.TrackAfterRun), ParameterType.Text(t.MaxDistance), ParameterType.Text(t.MaxGap), ParameterType.Text(t.MinDivisionAge)];
        for (var i = 0; i < tracking.Length; i++) Key(w, 1, PipelineKeys.Tracking[i], tracking[i]);

        w.Append("\nmeasurement:\n");
        Key(w, 1, PipelineKeys.Measurement[0], config.Channel);
        Key(w, 1, PipelineKeys.Measurement[1], config.PixelSize is { } ps ? ParameterType.Text(ps) : null);
        Key(w, 1, PipelineKeys.Measurement[2], config.TimeInterval is { } ti ? ParameterType.Text(ti) : null);
        return w.ToString();
    }

    private static void Key(StringBuilder w, int depth, PipelineKey key, string? value, string? name = null)
    {
        // Ranges are spelled out; choices and booleans are in the help already.
        var ranged = key.Type is not null && !key.Accepted.StartsWith("one of", StringComparison.Ordinal) && !key.Accepted.StartsWith("true or false", StringComparison.Ordinal);
        Comment(w, depth, ranged ? $"{key.Help} Accepts {key.Accepted}." : key.Help);
        // Typed values are canonical (plain numbers, true/false, names); only free text may need quotes.
        var scalar = value is not null && key.Type is not null ? value : Scalar(value);
        w.Append(' ', 2 * depth).Append(name ?? key.Key[(key.Key.LastIndexOf('.') + 1)..]).Append(": ").Append(scalar).Append('\n');
    }

    private static void Comment(StringBuilder w, int depth, string text) => w.Append(' ', 2 * depth).Append("# ").Append(text).Append('\n');

    /// <summary>A value as a YAML scalar: plain when it reads back as the same text, else double-quoted; <c>null</c> for null.</summary>
    public static string Scalar(string? value)
    {
        if (value is null) return "null";
        if (PlainScalar().IsMatch(value) && !Reserved.Contains(value.ToLowerInvariant())) return value;
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n" };

    [GeneratedRegex(@"^(?:-(?=[0-9.]))?[A-Za-z0-9_/.+](?:[A-Za-z0-9_/.+:-]*[A-Za-z0-9_/.+-])?$")]
    private static partial Regex PlainScalar();
}
