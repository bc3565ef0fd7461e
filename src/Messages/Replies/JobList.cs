namespace CellActors.Messages;

/// <summary>Answer to <see cref="ListJobs"/>.</summary>
public sealed record JobList(IReadOnlyList<JobStatus> Jobs) : IReply;
