namespace CellActors.Messages;

/// <summary>Every message CellActors nodes exchange or persist. Serialized by <see cref="CellActorsSerializer"/>.</summary>
public interface ICellActorsMessage;

/// <summary>An instruction (imperative name, e.g. <see cref="ProcessBatch"/>).</summary>
public interface ICommand : ICellActorsMessage;

/// <summary>Something that happened (past tense, e.g. <see cref="BatchCommitted"/>). Persisted events live forever: they are versioned by their manifest.</summary>
public interface IEvent : ICellActorsMessage;

/// <summary>A question that gets an answer.</summary>
public interface IQuery : ICellActorsMessage;
