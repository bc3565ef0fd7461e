using System.Text.Json.Serialization;

namespace CellActors.Results.Formats;

/// <summary>A <c>tracks</c> row as written to <c>tracks.parquet</c>.</summary>
public sealed class TrackParquetRow
{
    /// <summary>Job.</summary>
    [JsonPropertyName("job")] public string Job { get; set; } = "";
    /// <summary>Track id.</summary>
    [JsonPropertyName("track_id")] public long TrackId { get; set; }
    /// <summary>Sequence.</summary>
    [JsonPropertyName("sequence")] public string Sequence { get; set; } = "";
    /// <summary>First time point.</summary>
    [JsonPropertyName("t_start")] public int TStart { get; set; }
    /// <summary>Last time point.</summary>
    [JsonPropertyName("t_end")] public int TEnd { get; set; }
    /// <summary>Parent track (CTC P), null for none.</summary>
    [JsonPropertyName("parent_track_id")] public long? ParentTrackId { get; set; }
}
