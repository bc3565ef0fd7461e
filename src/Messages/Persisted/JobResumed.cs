namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a paused job was resumed.</summary>
[Manifest("job-resumed.v1")]
public sealed record JobResumed(string JobId, DateTimeOffset At) : IPersistedEvent;
