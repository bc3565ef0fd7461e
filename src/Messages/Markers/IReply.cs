namespace CellActors.Messages;

/// <summary>
/// An answer or a report sent to another actor and never persisted (e.g. <see cref="JobStatus"/>,
/// <see cref="BatchRowsCommitted"/>): nodes of one version exchange them, so a shape may change with a release.
/// </summary>
public interface IReply : ICellActorsMessage;
