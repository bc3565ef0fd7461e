namespace CellActors.Messages;

/// <summary>Hands out a paused job's batches again.</summary>
public sealed record ResumeJob(string JobId) : ICommand;
