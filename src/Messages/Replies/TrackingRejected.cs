namespace CellActors.Messages;

/// <summary>Tracking was refused (job not complete, settings changed since an earlier run).</summary>
public sealed record TrackingRejected(string JobId, string Reason) : IReply;
