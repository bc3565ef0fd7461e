using CellActors.Messages;

namespace CellActors.Coordinator;

/// <summary>A job the job manager knows (<see cref="JobQueueState"/>).</summary>
/// <param name="Command">The command it was submitted with (kept so a restarted manager resumes it).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="State">Running, paused, cancelled or completed.</param>
public sealed record JobQueueEntry(StartJob Command, DateTimeOffset SubmittedAt, JobPhase State)
{
    /// <summary>The job id.</summary>
    public string JobId => Command.JobId;

    /// <summary>True while the job may still be worked on (running or paused).</summary>
    public bool Open => State is JobPhase.Running or JobPhase.Paused;
}
