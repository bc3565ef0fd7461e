namespace CellActors.Dashboard;

/// <summary>What a live coordinator reports about a job: its state and the cluster members working on it.</summary>
/// <param name="State">running, paused, cancelling...</param>
/// <param name="Members">Workers and their load.</param>
public sealed record LiveJobState(string State, IReadOnlyList<MemberLoad> Members);
