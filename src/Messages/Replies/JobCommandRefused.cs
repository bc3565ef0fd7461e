namespace CellActors.Messages;

/// <summary>A request the job manager could not carry out (unknown job, job already finished...).</summary>
public sealed record JobCommandRefused(string JobId, string Reason) : IReply;
