namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job was cancelled.</summary>
public sealed record JobCancelled(string JobId, DateTimeOffset At) : IPersistedEvent;
