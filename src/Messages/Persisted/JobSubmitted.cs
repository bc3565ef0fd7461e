namespace CellActors.Messages;

/// <summary>Persisted by the job manager: a job was accepted (its command is kept so a restarted manager resumes it).</summary>
[Manifest("job-submitted.v1")]
public sealed record JobSubmitted(StartJob Command, DateTimeOffset At) : IPersistedEvent;
