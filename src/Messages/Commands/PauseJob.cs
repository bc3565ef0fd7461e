namespace CellActors.Messages;

/// <summary>Stops handing out batches of a job; batches already out finish and are committed.</summary>
public sealed record PauseJob(string JobId) : ICommand;
