using System.Text.Json.Serialization;

namespace CellActors.Results;

/// <summary>How a run (one process's work on a job) stands or ended: the <c>runs.status</c> column, stored as its lower-case name (<see cref="Messages.StoredNames"/>).</summary>
public enum RunStatus
{
    /// <summary>The process is working on the job.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The job completed in this run.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>A later run started while this one was still marked running: its process died or was stopped.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,

    /// <summary>The job was cancelled during this run.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>The run failed.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
