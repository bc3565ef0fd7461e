namespace CellActors.Coordinator;

/// <summary>Outcome of <see cref="JobCoordinatorState.DecideStart"/>: what to do with a <see cref="Messages.StartJob"/>.</summary>
/// <param name="Kind">The decision.</param>
/// <param name="Reason">Why it is refused (<see cref="StartDecisionKind.Reject"/> only), shown to the user.</param>
public sealed record StartDecision(StartDecisionKind Kind, string? Reason = null)
{
    /// <summary>New job: discover the inputs and write the manifest.</summary>
    public static readonly StartDecision Discover = new(StartDecisionKind.Discover);

    /// <summary>Existing job with the same configuration: continue where it stopped.</summary>
    public static readonly StartDecision Resume = new(StartDecisionKind.Resume);

    /// <summary>Existing, finished job.</summary>
    public static readonly StartDecision AlreadyComplete = new(StartDecisionKind.AlreadyComplete);

    /// <summary>Refused, with the reason shown to the user.</summary>
    public static StartDecision Reject(string reason) => new(StartDecisionKind.Reject, reason);
}
