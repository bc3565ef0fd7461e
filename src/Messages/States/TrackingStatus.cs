using System.Text.Json.Serialization;

namespace CellActors.Messages;

/// <summary>Where the tracking of one sequence is (the <c>tracking.status</c> column). Stored and sent as its lower-case name (<see cref="StoredNames"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackingStatus>))]
public enum TrackingStatus
{
    /// <summary>Started; chunks are being committed.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Every frame tracked.</summary>
    [JsonStringEnumMemberName("done")]
    Done,

    /// <summary>Not tracked, with the reason (e.g. a 3D sequence).</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>Stopped by an error (its committed chunks stay).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
