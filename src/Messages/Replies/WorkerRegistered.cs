namespace CellActors.Messages;

/// <summary>The job manager saw a worker for the first time: the worker watches the sender (and announces its capacity again if it dies).</summary>
public sealed record WorkerRegistered(string CoordinatorAddress) : IReply;
