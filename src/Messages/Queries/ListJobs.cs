namespace CellActors.Messages;

/// <summary>Asks the job manager for every job it knows, oldest first.</summary>
public sealed record ListJobs(bool IncludeFinished) : IQuery;
