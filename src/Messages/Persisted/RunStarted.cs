namespace CellActors.Messages;

/// <summary>Persisted when a process (re)starts a job: leases held by an earlier process are void.</summary>
[Manifest("run-started.v1")]
public sealed record RunStarted(string JobId, int RunId, DateTimeOffset At) : IPersistedEvent;
