namespace CellActors.Dashboard;

/// <summary>The answer to a job control request.</summary>
/// <param name="Accepted">False when the request does not apply (e.g. resuming a job that is not paused).</param>
/// <param name="State">The job's state after the request.</param>
/// <param name="Message">What happened, for a person.</param>
public sealed record JobControlOutcome(bool Accepted, string State, string Message);
