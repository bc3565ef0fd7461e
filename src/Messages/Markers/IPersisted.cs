namespace CellActors.Messages;

/// <summary>
/// Lives in the Akka journal or snapshot store, read back by every later version: its manifest and its shape never
/// change (add a new record, e.g. <c>BatchLeasedV2</c>, instead). See <see cref="IPersistedEvent"/> and <see cref="JobSnapshot"/>.
/// </summary>
public interface IPersisted : ICellActorsMessage;
