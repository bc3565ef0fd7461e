namespace CellActors.Messages;

/// <summary>Answer to <see cref="GetCoordinatorInfo"/>: the singleton's node address, the job being worked on and the detectors known,
/// with the provider of each (<paramref name="Providers"/>, in the order of <paramref name="WorkerIds"/>).</summary>
public sealed record CoordinatorInfo(string Address, string? ActiveJob, int Workers, IReadOnlyList<string> WorkerIds, IReadOnlyList<string>? Providers = null) : IReply;
