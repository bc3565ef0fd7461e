namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a paused job was resumed.</summary>
public sealed record JobResumed(string JobId, DateTimeOffset At) : IPersistedEvent;
