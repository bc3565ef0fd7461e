namespace CellActors.Messages;

/// <summary>
/// Lives in the Akka journal or snapshot store, read back by every later version: it carries an explicit versioned
/// manifest (<c>[Manifest("batch-leased.v1")]</c>), and its manifest and its shape never change (add a new record, e.g.
/// <c>BatchLeasedV2</c> with <c>[Manifest("batch-leased.v2")]</c>, instead). Read strictly (see <see cref="CellActorsSerializer"/>).
/// See <see cref="IPersistedEvent"/> and <see cref="JobSnapshot"/>.
/// </summary>
public interface IPersisted : ICellActorsMessage;
