namespace CellActors.Messages;

/// <summary>Starts (or resumes) a job. <paramref name="Fingerprint"/> is the canonical configuration; a job that exists with another fingerprint is refused.</summary>
public sealed record StartJob(string JobId, string Source, PipelineSettings Settings, int BatchSize, string Fingerprint) : ICommand;
