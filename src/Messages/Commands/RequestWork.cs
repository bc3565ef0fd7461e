namespace CellActors.Messages;

/// <summary>A worker (detector) asks for up to <paramref name="Slots"/> more batches. <paramref name="Provider"/>: the device its
/// models run on (<c>cpu</c>, <c>cuda:N</c>), for status; null from workers older than that field (shown as unknown).</summary>
public sealed record RequestWork(string WorkerId, int Slots, string? Provider = null) : ICommand;
