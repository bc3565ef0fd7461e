namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job was cancelled.</summary>
[Manifest("job-cancelled.v1")]
public sealed record JobCancelled(string JobId, DateTimeOffset At) : IPersistedEvent;
