using System.Text;

namespace CellActors.Results.Formats;

/// <summary>
/// CellProfiler-style names for the columns of <c>objects</c>, <c>frames</c> and <c>tracks</c> (the README's
/// "Interchange formats" table). A column without a name here (one added by a later migration) is named after itself
/// in PascalCase under the level's prefix (<c>AreaShape_</c>, <c>Image_</c>, <c>TrackObjects_</c>), keeping a unit
/// suffix (<c>_um</c>, <c>_um2</c>, <c>_um_s</c>, <c>_px</c>, <c>_s</c>) as it is.
/// </summary>
public static class MeasurementColumns
{
    private static readonly Dictionary<string, string> Objects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image_id"] = "image_id", ["label"] = "label", ["job"] = "Metadata_Job",
        ["area"] = "AreaShape_Area", ["area_um2"] = "AreaShape_Area_um2",
        ["centroid_x"] = "AreaShape_Center_X", ["centroid_y"] = "AreaShape_Center_Y",
        ["bbox_x"] = "AreaShape_BoundingBoxMinimum_X", ["bbox_y"] = "AreaShape_BoundingBoxMinimum_Y",
        ["bbox_width"] = "AreaShape_BoundingBoxWidth", ["bbox_height"] = "AreaShape_BoundingBoxHeight",
        ["intensity_mean"] = "Intensity_MeanIntensity", ["intensity_min"] = "Intensity_MinIntensity",
        ["intensity_max"] = "Intensity_MaxIntensity", ["intensity_sum"] = "Intensity_IntegratedIntensity",
        ["perimeter"] = "AreaShape_Perimeter", ["eccentricity"] = "AreaShape_Eccentricity", ["solidity"] = "AreaShape_Solidity",
        ["equivalent_diameter"] = "AreaShape_EquivalentDiameter", ["equivalent_diameter_um"] = "AreaShape_EquivalentDiameter_um",
        ["class_id"] = "Classify_ClassId", ["score"] = "Classify_Score", ["track_id"] = "TrackObjects_TrackId",
    };

    private static readonly Dictionary<string, string> Frames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image_id"] = "image_id", ["job"] = "Metadata_Job", ["dataset"] = "Metadata_Dataset", ["sequence"] = "Metadata_Sequence",
        ["t"] = "Metadata_T", ["z"] = "Metadata_Z", ["height"] = "Image_Height", ["width"] = "Image_Width",
        ["cell_count"] = "Count_Cells", ["cell_area"] = "Image_CellArea", ["total_area"] = "Image_TotalArea", ["cell_ratio"] = "Image_CellRatio",
        ["intensity_mean"] = "Intensity_MeanIntensity_Image", ["intensity_min"] = "Intensity_MinIntensity_Image",
        ["intensity_max"] = "Intensity_MaxIntensity_Image", ["intensity_std"] = "Intensity_StdIntensity_Image",
        ["uri"] = "URL_Image", ["page"] = "Metadata_Page",
        ["physical_size_x"] = "Metadata_PhysicalSizeX_um", ["physical_size_y"] = "Metadata_PhysicalSizeY_um",
        ["physical_size_z"] = "Metadata_PhysicalSizeZ_um", ["time_increment"] = "Metadata_TimeIncrement_s",
    };

    private static readonly Dictionary<string, string> Tracks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["track_id"] = "track_id", ["job"] = "Metadata_Job", ["dataset"] = "Metadata_Dataset", ["sequence"] = "Metadata_Sequence",
        ["t_start"] = "TrackObjects_FirstT", ["t_end"] = "TrackObjects_LastT", ["parent_track_id"] = "TrackObjects_ParentTrackId",
        ["mean_speed"] = "TrackObjects_MeanSpeed_px_per_frame", ["mean_speed_um_s"] = "TrackObjects_MeanSpeed_um_s",
        ["division_t"] = "TrackObjects_DivisionT",
    };

    private static readonly string[] UnitSuffixes = ["_um_s", "_um2", "_um", "_px", "_s"];

    /// <summary>The export name of <paramref name="column"/> of the level's table.</summary>
    public static string Name(MeasurementLevel level, string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var (map, prefix) = level switch
        {
            MeasurementLevel.Objects => (Objects, "AreaShape_"),
            MeasurementLevel.Frames => (Frames, "Image_"),
            _ => (Tracks, "TrackObjects_"),
        };
        if (map.TryGetValue(column, out var name)) return name;
        var suffix = UnitSuffixes.FirstOrDefault(s => column.EndsWith(s, StringComparison.OrdinalIgnoreCase) && column.Length > s.Length) ?? "";
        return prefix + Pascal(column[..^suffix.Length]) + suffix.ToLowerInvariant();
    }

    /// <summary>A per-channel intensity column: <c>Intensity_MeanIntensity_&lt;channel&gt;</c>, … for the statistic column of <c>object_intensities</c>/<c>frame_intensities</c>.</summary>
    public static string Channel(string statistic, string channel)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var stat = statistic.ToLowerInvariant() switch
        {
            "mean" => "MeanIntensity",
            "min" => "MinIntensity",
            "max" => "MaxIntensity",
            "sum" => "IntegratedIntensity",
            "std" => "StdIntensity",
            var other => Pascal(other),
        };
        return $"Intensity_{stat}_{channel}";
    }

    /// <summary>A channel's name as a column suffix: its name with characters other than letters, digits and '_' replaced by '_', or its index.</summary>
    public static string ChannelSuffix(int channel, string? name) =>
        string.IsNullOrWhiteSpace(name) ? channel.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());

    /// <summary><c>major_axis_length</c> → <c>MajorAxisLength</c>.</summary>
    public static string Pascal(string snake)
    {
        ArgumentNullException.ThrowIfNull(snake);
        var sb = new StringBuilder(snake.Length);
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        return sb.ToString();
    }
}
