namespace CellActors.Messages;

/// <summary>A worker (detector) should announce its free slots again: the job it was asking for changed, or the coordinator moved.</summary>
public sealed record AnnounceCapacity(string Reason) : ICommand;
