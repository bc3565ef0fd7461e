namespace CellActors.Messages;

/// <summary>
/// Every message CellActors nodes exchange or persist. Serialized by <see cref="CellActorsSerializer"/>; each is exactly
/// one of <see cref="ICommand"/>, <see cref="IQuery"/>, <see cref="IReply"/> or <see cref="IPersisted"/>.
/// </summary>
public interface ICellActorsMessage;
