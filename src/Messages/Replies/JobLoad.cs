namespace CellActors.Messages;

/// <summary>Answer to <see cref="GetJobLoad"/>. <paramref name="State"/> as in <see cref="JobStatus"/>.</summary>
public sealed record JobLoad(string JobId, JobPhase State, IReadOnlyList<WorkerLoad> Workers) : IReply;
