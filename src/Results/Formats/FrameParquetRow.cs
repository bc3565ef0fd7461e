using System.Text.Json.Serialization;

namespace CellActors.Results.Formats;

/// <summary>A <c>frames</c> row as written to <c>frames.parquet</c> (columns named as in the database).</summary>
public sealed class FrameParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Image id.</summary>
    [JsonPropertyName("image_id")] public string ImageId { get; set; } = "";
    /// <summary>Dataset.</summary>
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    /// <summary>Sequence.</summary>
    [JsonPropertyName("sequence")] public string Sequence { get; set; } = "";
    /// <summary>Time point.</summary>
    [JsonPropertyName("t")] public int T { get; set; }
    /// <summary>Slice.</summary>
    [JsonPropertyName("z")] public int Z { get; set; }
    /// <summary>Rows.</summary>
    [JsonPropertyName("height")] public int Height { get; set; }
    /// <summary>Columns.</summary>
    [JsonPropertyName("width")] public int Width { get; set; }
    /// <summary>Objects.</summary>
    [JsonPropertyName("cell_count")] public int CellCount { get; set; }
    /// <summary>Object pixels.</summary>
    [JsonPropertyName("cell_area")] public long CellArea { get; set; }
    /// <summary>Frame pixels.</summary>
    [JsonPropertyName("total_area")] public long TotalArea { get; set; }
    /// <summary>cell_area / total_area.</summary>
    [JsonPropertyName("cell_ratio")] public double CellRatio { get; set; }
    /// <summary>Mean intensity.</summary>
    [JsonPropertyName("intensity_mean")] public double IntensityMean { get; set; }
    /// <summary>Min intensity.</summary>
    [JsonPropertyName("intensity_min")] public double IntensityMin { get; set; }
    /// <summary>Max intensity.</summary>
    [JsonPropertyName("intensity_max")] public double IntensityMax { get; set; }
    /// <summary>Intensity standard deviation.</summary>
    [JsonPropertyName("intensity_std")] public double IntensityStd { get; set; }
    /// <summary>Source file.</summary>
    [JsonPropertyName("uri")] public string Uri { get; set; } = "";
    /// <summary>Page in the source file.</summary>
    [JsonPropertyName("page")] public int Page { get; set; }
    /// <summary>Pixel width in µm (null: unknown).</summary>
    [JsonPropertyName("physical_size_x")] public double? PhysicalSizeX { get; set; }
    /// <summary>Pixel height in µm (null: unknown).</summary>
    [JsonPropertyName("physical_size_y")] public double? PhysicalSizeY { get; set; }
    /// <summary>Distance between z-slices in µm (null: unknown).</summary>
    [JsonPropertyName("physical_size_z")] public double? PhysicalSizeZ { get; set; }
    /// <summary>Seconds between time points (null: unknown).</summary>
    [JsonPropertyName("time_increment")] public double? TimeIncrement { get; set; }
}
