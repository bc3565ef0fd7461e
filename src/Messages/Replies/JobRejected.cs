namespace CellActors.Messages;

/// <summary>The coordinator refused a <see cref="StartJob"/> (e.g. changed configuration, no input).</summary>
public sealed record JobRejected(string JobId, string Reason) : IReply;
