namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job was paused.</summary>
public sealed record JobPaused(string JobId, DateTimeOffset At) : IPersistedEvent;
