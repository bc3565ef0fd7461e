using System.Text.Json.Serialization;

namespace CellActors.Results.Formats;

/// <summary>An <c>objects</c> row as written to <c>objects.parquet</c> (columns named as in the database).</summary>
public sealed class ObjectParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Image id.</summary>
    [JsonPropertyName("image_id")] public string ImageId { get; set; } = "";
    /// <summary>Label.</summary>
    [JsonPropertyName("label")] public int Label { get; set; }
    /// <summary>Pixels.</summary>
    [JsonPropertyName("area")] public long Area { get; set; }
    /// <summary>Centroid column.</summary>
    [JsonPropertyName("centroid_x")] public double CentroidX { get; set; }
    /// <summary>Centroid row.</summary>
    [JsonPropertyName("centroid_y")] public double CentroidY { get; set; }
    /// <summary>Bounding box left.</summary>
    [JsonPropertyName("bbox_x")] public int BboxX { get; set; }
    /// <summary>Bounding box top.</summary>
    [JsonPropertyName("bbox_y")] public int BboxY { get; set; }
    /// <summary>Bounding box width.</summary>
    [JsonPropertyName("bbox_width")] public int BboxWidth { get; set; }
    /// <summary>Bounding box height.</summary>
    [JsonPropertyName("bbox_height")] public int BboxHeight { get; set; }
    /// <summary>Mean intensity.</summary>
    [JsonPropertyName("intensity_mean")] public double IntensityMean { get; set; }
    /// <summary>Min intensity.</summary>
    [JsonPropertyName("intensity_min")] public double IntensityMin { get; set; }
    /// <summary>Max intensity.</summary>
    [JsonPropertyName("intensity_max")] public double IntensityMax { get; set; }
    /// <summary>Summed intensity.</summary>
    [JsonPropertyName("intensity_sum")] public double IntensitySum { get; set; }
    /// <summary>Crack perimeter.</summary>
    [JsonPropertyName("perimeter")] public double Perimeter { get; set; }
    /// <summary>Eccentricity.</summary>
    [JsonPropertyName("eccentricity")] public double Eccentricity { get; set; }
    /// <summary>Solidity.</summary>
    [JsonPropertyName("solidity")] public double Solidity { get; set; }
    /// <summary>Equivalent diameter.</summary>
    [JsonPropertyName("equivalent_diameter")] public double EquivalentDiameter { get; set; }
    /// <summary>Class.</summary>
    [JsonPropertyName("class_id")] public int ClassId { get; set; }
    /// <summary>Detector score.</summary>
    [JsonPropertyName("score")] public double Score { get; set; }
    /// <summary>DSB RLE, full length.</summary>
    [JsonPropertyName("rle")] public string Rle { get; set; } = "";
    /// <summary>Track, once tracked.</summary>
    [JsonPropertyName("track_id")] public long? TrackId { get; set; }
    /// <summary>Area in µm² (null: pixel size unknown).</summary>
    [JsonPropertyName("area_um2")] public double? AreaUm2 { get; set; }
    /// <summary>Equivalent diameter in µm (null: pixel size unknown).</summary>
    [JsonPropertyName("equivalent_diameter_um")] public double? EquivalentDiameterUm { get; set; }
    /// <summary>Major axis length of the same-moments ellipse, px (null: written before schema 6).</summary>
    [JsonPropertyName("major_axis_length")] public double? MajorAxisLength { get; set; }
    /// <summary>Minor axis length, px (null: written before schema 6).</summary>
    [JsonPropertyName("minor_axis_length")] public double? MinorAxisLength { get; set; }
    /// <summary>Angle between the row axis and the major axis, radians (null: written before schema 6).</summary>
    [JsonPropertyName("orientation")] public double? Orientation { get; set; }
    /// <summary>Area over bounding-box area (null: written before schema 6).</summary>
    [JsonPropertyName("extent")] public double? Extent { get; set; }
    /// <summary>Largest Feret diameter, px (null: written before schema 6).</summary>
    [JsonPropertyName("feret_diameter_max")] public double? FeretDiameterMax { get; set; }
    /// <summary>Smallest Feret (caliper) width, px (null: written before schema 6).</summary>
    [JsonPropertyName("feret_diameter_min")] public double? FeretDiameterMin { get; set; }
    /// <summary>4π·area / perimeter² (null: written before schema 6).</summary>
    [JsonPropertyName("form_factor")] public double? FormFactor { get; set; }
    /// <summary>2π·(σx² + σy²) / area (null: written before schema 6).</summary>
    [JsonPropertyName("compactness")] public double? Compactness { get; set; }
    /// <summary>Pieces minus holes, 8-connected (null: written before schema 6).</summary>
    [JsonPropertyName("euler_number")] public int? EulerNumber { get; set; }
    /// <summary>Touching labels, 8-adjacent (null: written before schema 6).</summary>
    [JsonPropertyName("neighbours")] public int? Neighbours { get; set; }
    /// <summary>Centroid distance to the nearest other object, px (null: alone, or written before schema 6).</summary>
    [JsonPropertyName("nearest_neighbour_distance")] public double? NearestNeighbourDistance { get; set; }
}
