using System.Text.Json.Serialization;

namespace CellActors.Coordinator;

/// <summary>The kinds of <see cref="StartDecision"/>, with the names they had as strings (<see cref="Messages.StoredNames"/>).</summary>
public enum StartDecisionKind
{
    /// <summary>New job: discover the inputs and write the manifest.</summary>
    [JsonStringEnumMemberName("discover")]
    Discover,

    /// <summary>Existing job with the same configuration: continue where it stopped.</summary>
    [JsonStringEnumMemberName("resume")]
    Resume,

    /// <summary>Existing, finished job.</summary>
    [JsonStringEnumMemberName("complete")]
    AlreadyComplete,

    /// <summary>Refused (another configuration).</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,
}
