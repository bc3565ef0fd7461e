using System.Text.Json.Serialization;

namespace CellActors.Messages;

/// <summary>
/// Where a job is in its life, as the <c>jobs.status</c> column, status and the console show it. Stored and sent as
/// its lower-case name (<see cref="StoredNames"/>), the strings of every earlier version.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobPhase>))]
public enum JobPhase
{
    /// <summary>Submitted to a cluster and waiting for the jobs before it (a running job that is not the active one).</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Being worked on (or, in the job manager's record, open and not paused).</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Paused: no batch is handed out; those out finish.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Every batch committed.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Cancelled for good; committed rows stay.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>A job the asked node does not know (shown, never stored).</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,
}
